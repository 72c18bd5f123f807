/**
 * Hard limits of the OData parsers. They protect the process, not Graph's policy: each is set so
 * that no query Microsoft Graph itself would accept can reach it, and hostile input fails fast
 * with an ODataSyntaxError instead of exhausting the stack or the CPU.
 *
 * Graph's own, smaller limits are policy and depend on the request (Graph known issues, "Query
 * parameters"): "When using the `in` operator, the request is limited to 15 expressions in the
 * filter clause by default OR a URL length of 2,048 characters when using advanced query
 * capabilities", and an `eq` value may be at most 120 characters by default. Whether a request is
 * an advanced query (ConsistencyLevel: eventual) is known only to the caller, so those checks belong
 * to the validator (domain/users/validate-filter.ts), which can use the GRAPH_* constants below.
 */

/**
 * Longest query option text accepted, in UTF-16 code units (after URL decoding). Graph caps the
 * whole URL at 2,048 characters under advanced queries; 32 KiB leaves room for long `$batch`
 * item URLs and for tests while keeping every parse well under a millisecond per kilobyte.
 */
export const MAX_TEXT_LENGTH = 32_768;

/**
 * Deepest nesting of parentheses, `not` and lambdas. Real Graph filters nest two or three levels;
 * 100 is far beyond any legitimate query and far below Node's stack limit, and it also bounds the
 * depth of every AST the parser returns, so consumers may walk the tree recursively.
 */
export const MAX_DEPTH = 100;

/**
 * Most values in one `in (...)` list. A 2,048-character URL holds at most about 1,000 one-digit
 * values (`1,` each), so 1,000 rejects nothing Graph could accept under advanced queries.
 */
export const MAX_IN_VALUES = 1_000;

/** Graph's default cap on `in` expressions without advanced queries (known issues). */
export const GRAPH_DEFAULT_IN_VALUES = 15;

/** Graph's default cap on the length of an `eq` value without advanced queries (known issues). */
export const GRAPH_DEFAULT_EQ_VALUE_LENGTH = 120;

/** Graph's URL length cap under advanced queries (known issues). */
export const GRAPH_ADVANCED_QUERY_URL_LENGTH = 2_048;
