/**
 * The one error the OData parsers throw. Messages copy the wording of ODataLib (the library behind
 * Microsoft Graph's query parsing; Graph prefixes them, e.g. "Invalid filter clause: Syntax error at
 * position 17 in 'jobtitle ge '!' , accountenabled eq true'." in microsoft-graph-explorer-v4#3227),
 * so the HTTP layer can pass them on unchanged.
 */
export class ODataSyntaxError extends Error {
  override readonly name = 'ODataSyntaxError';

  constructor(
    message: string,
    /**
     * 0-based UTF-16 offset into the parsed text: the number the message prints. For most errors
     * it is where the offending token starts (or the text's length at an unexpected end); for text
     * left over after a complete expression it is where that first extra token ends, as ODataLib
     * reports it; for an unterminated literal it is the end of the text, where the quote is missing.
     */
    readonly position: number,
    /** The offending token as written ('' at the end of the text). */
    readonly token: string,
  ) {
    super(message);
  }
}

/** Graph's URL limit under advanced queries; longer texts are shortened in messages. */
const ECHO_LIMIT = 2_048;

const echo = (text: string): string => (text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}...` : text);

/** Message templates, worded as in ODataLib's resource strings. */
export const messages = {
  syntaxError: (pos: number, text: string) => `Syntax error at position ${pos} in '${echo(text)}'.`,
  invalidCharacter: (ch: string, pos: number, text: string) =>
    `Syntax error: character '${ch}' is not valid at position ${pos} in '${echo(text)}'.`,
  unterminatedString: (pos: number, text: string) =>
    `There is an unterminated string literal at position ${pos} in '${echo(text)}'.`,
  expressionExpected: (pos: number, text: string) => `Expression expected at position ${pos} in '${echo(text)}'.`,
  openParenExpected: (pos: number, text: string) => `'(' expected at position ${pos} in '${echo(text)}'.`,
  colonExpected: (pos: number, text: string) => `':' expected at position ${pos} in '${echo(text)}'.`,
  closeParenOrComma: (pos: number, text: string) => `')' or ',' expected at position ${pos} in '${echo(text)}'.`,
  closeParenOrOperator: (pos: number, text: string) =>
    `')' or operator expected at position ${pos} in '${echo(text)}'.`,
  identifierExpected: (pos: number) => `An identifier was expected at position ${pos}.`,
  literalExpected: (pos: number, text: string) => `A literal value was expected at position ${pos} in '${echo(text)}'.`,
  unrecognizedLiteral: (type: string, literal: string, pos: number, text: string) =>
    `Unrecognized '${type}' literal '${literal}' at '${pos}' in '${echo(text)}'.`,
  unknownFunction: (name: string) => `An unknown function with name '${name}' was found.`,
  noFunctionSignature: (name: string, signatures: string) =>
    `No function signature for the function with name '${name}' matches the specified arguments. ` +
    `The function signatures considered are: ${signatures}.`,
  rangeVariableDeclared: (name: string) => `The range variable '${name}' has already been declared.`,
  tooDeep: (limit: number, pos: number, text: string) =>
    `Recursion depth exceeded allowed limit of ${limit} at position ${pos} in '${echo(text)}'.`,
  tooLong: (length: number, limit: number) =>
    `The query text is ${length} characters long, which exceeds the limit of ${limit} characters.`,
  tooManyValues: (limit: number, pos: number, text: string) =>
    `The 'in' list exceeds the limit of ${limit} values at position ${pos} in '${echo(text)}'.`,
  termNotValid: (term: string) => `Term '${term}' is not valid in a $select or $expand expression.`,
  invalidEscape: (sequence: string, pos: number, text: string) =>
    `Syntax error: escape sequence '${sequence}' is not valid at position ${pos} in '${echo(text)}'.`,
  searchClauseForm: (clause: string, pos: number, text: string) =>
    `Syntax error: the $search clause '${clause}' at position ${pos} in '${echo(text)}' ` +
    `must have the form "property:text".`,
  searchOperator: (word: string, pos: number, text: string) =>
    `Syntax error: '${word}' at position ${pos} in '${echo(text)}' is neither a quoted clause nor AND or OR.`,
  badPercentEncoding: (pos: number) => `The query option value is not correctly percent-encoded at position ${pos}.`,
};
