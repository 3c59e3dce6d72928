// KQL errors as Kusto words them (defender-response.md §4 cites Defender's catalogue: "A recognition error
// occurred.", "'project' operator: Failed to resolve scalar expression named 'x'"). The exact Graph text is
// unverified, so the simulator's wording is its own choice: Kusto's syntax message "Query could not be parsed
// at '<token>' on line [<line>,<column>]" and semantic messages ending with "[line:position=<line>:<column>]".

export interface Position {
  line: number;
  column: number;
}

export class KqlError extends Error {
  override name = 'KqlError';
  constructor(message: string, readonly position: Position) {
    super(message);
  }

  static syntax(near: string, at: Position): KqlError {
    return new KqlError(`Syntax error: A recognition error occurred. Query could not be parsed at '${near}' on line [${at.line},${at.column}]`, at);
  }

  static semantic(what: string, at: Position): KqlError {
    return new KqlError(`Semantic error: ${what} [line:position=${at.line}:${at.column}]`, at);
  }
}
