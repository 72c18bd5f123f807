/**
 * The trees the OData parsers return: the contract between odata/ (syntax), the validator
 * (domain/users/validate-filter.ts: which property, operator and value Graph allows) and the SQL
 * compiler (storage/filter-to-sql.ts). The parser decides only what is well formed; every name it
 * keeps is spelled as written (Graph matches property names case-insensitively, so the validator
 * normalises them), and operators, function names and keywords are normalised to lower case.
 *
 * Design rules:
 * - Discriminated unions on `kind`, so consumers switch exhaustively.
 * - `and`/`or` are n-ary and flattened (`a or (b or c)` is one `or` of three), so long chains do
 *   not make deep trees; the parser's nesting limit (limits.ts) bounds every tree's depth.
 * - Boolean expressions (`FilterNode`) and values (`Operand`) are different types: a comparison
 *   compares two operands, `not` negates a boolean expression. OData's rarer forms that mix them
 *   (a bare boolean property as a predicate, `startswith(...) eq true`) are refused by the parser.
 * - No source positions: printFilter(parseFilter(x)) parses back to a deep-equal tree, which
 *   positions would break. Errors found after parsing are reported without a position, as Graph does.
 * - Literals keep their text exactly (numbers, GUIDs and dates as written; strings unescaped), so
 *   no precision or time zone is lost before the validator types them against the property.
 */

/** A `$filter` expression. */
export type FilterNode = LogicalNode | NotNode | ComparisonNode | InNode | FunctionNode | LambdaNode;

/** `a and b and c` / `a or b`: two or more operands, none of them of the same kind. */
export interface LogicalNode {
  readonly kind: 'and' | 'or';
  readonly operands: readonly FilterNode[];
}

/** `not(...)`, `not startswith(...)`, `not coll/any(...)`. */
export interface NotNode {
  readonly kind: 'not';
  readonly operand: FilterNode;
}

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** `left op right`, kept in the order written (`'x' eq displayName` stays literal-first). */
export interface ComparisonNode {
  readonly kind: 'compare';
  readonly operator: ComparisonOperator;
  readonly left: Operand;
  readonly right: Operand;
}

/** `operand in (v1, v2, ...)`: one or more literals (at most MAX_IN_VALUES). */
export interface InNode {
  readonly kind: 'in';
  readonly operand: Operand;
  readonly values: readonly Literal[];
}

/**
 * The string functions of Graph's filter page. `contains` parses so the validator can refuse it
 * with Graph's message (directory objects don't support it); other names are syntax errors.
 */
export type FunctionName = 'startswith' | 'endswith' | 'contains';

/** `startswith(displayName,'a')`: each takes exactly two operands. */
export interface FunctionNode {
  readonly kind: 'function';
  readonly name: FunctionName;
  readonly args: readonly [Operand, Operand];
}

/**
 * `collection/any(x: predicate)`. `all` parses too (Graph doesn't support it; the validator says
 * so). Inside `predicate`, paths that start with `variable` are VariablePath operands.
 */
export interface LambdaNode {
  readonly kind: 'any' | 'all';
  readonly collection: PathOperand;
  readonly variable: string;
  readonly predicate: FilterNode;
}

/** A value in a comparison, `in` or function call. */
export type Operand = PathOperand | CountOperand | Literal;

/** A property of the object being filtered, or of its lambda element. */
export type PathOperand = PropertyPath | VariablePath;

/** `displayName`, `onPremisesExtensionAttributes/extensionAttribute1`: one or more segments. */
export interface PropertyPath {
  readonly kind: 'property';
  readonly path: readonly string[];
}

/**
 * `x` (path []) or `c/issuer` (path ['issuer']) where `x`/`c` is an enclosing lambda's variable,
 * matched case-sensitively as OData identifiers are.
 */
export interface VariablePath {
  readonly kind: 'variable';
  readonly name: string;
  readonly path: readonly string[];
}

/** `otherMails/$count`: the size of a collection. */
export interface CountOperand {
  readonly kind: 'count';
  readonly collection: PathOperand;
}

export type Literal =
  | StringLiteral
  | NullLiteral
  | BooleanLiteral
  | NumberLiteral
  | GuidLiteral
  | DateTimeOffsetLiteral
  | DateLiteral;

/** `'O''Neil'` has value `O'Neil`: quotes removed and `''` unescaped, nothing else changed. */
export interface StringLiteral {
  readonly kind: 'literal';
  readonly type: 'string';
  readonly value: string;
}

export interface NullLiteral {
  readonly kind: 'literal';
  readonly type: 'null';
}

export interface BooleanLiteral {
  readonly kind: 'literal';
  readonly type: 'boolean';
  readonly value: boolean;
}

/**
 * `0`, `-12`, `1.5`, `2e3` as written. `value` is Number(text), which loses precision beyond
 * 2^53 (and is Infinity past the double range); use `text` where that matters (Int64 properties).
 */
export interface NumberLiteral {
  readonly kind: 'literal';
  readonly type: 'number';
  readonly text: string;
  readonly value: number;
  /** True when `text` has no fraction or exponent. */
  readonly integer: boolean;
}

/** Unquoted `4562bcc8-c436-4f95-b7c0-4f8ce89dca5e`, case as written. */
export interface GuidLiteral {
  readonly kind: 'literal';
  readonly type: 'guid';
  readonly text: string;
}

/** Unquoted `2021-01-01T00:00:00Z`, `2021-01-01T08:00:00.1234567+01:00`: a valid calendar instant. */
export interface DateTimeOffsetLiteral {
  readonly kind: 'literal';
  readonly type: 'dateTimeOffset';
  readonly text: string;
}

/** Unquoted `2021-01-01`: a valid calendar date. */
export interface DateLiteral {
  readonly kind: 'literal';
  readonly type: 'date';
  readonly text: string;
}

/** One `$orderby` item: `displayName desc`. `direction` is 'asc' when omitted. */
export interface OrderByItem {
  readonly path: readonly string[];
  readonly direction: 'asc' | 'desc';
}

/** One `$select` item: `*` or a property name as written. */
export type SelectItem = { readonly kind: 'wildcard' } | { readonly kind: 'property'; readonly name: string };

/** A directory-object `$search`: `"displayName:wa" OR ("mail:x" AND "givenName:y")`. */
export type SearchNode = SearchLogicalNode | SearchTerm;

/** AND binds tighter than OR; flattened like LogicalNode. */
export interface SearchLogicalNode {
  readonly kind: 'and' | 'or';
  readonly operands: readonly SearchNode[];
}

/** `"displayName:wa"`: split at the first `:`; escapes removed from both parts. */
export interface SearchTerm {
  readonly kind: 'term';
  readonly property: string;
  readonly value: string;
}
