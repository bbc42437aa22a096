/** Where in an input file something was found (1-based line and column). */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

/**
 * Bad input from a user: a scenario or manifest that cannot be simulated. The CLI prints
 * `file:line:col: message` (one or two lines, no stack trace) and exits with status 2.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly pos?: SourcePos,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }

  /** The one- or two-line form the CLI prints. */
  format(): string {
    const where = this.pos ? `${this.pos.file}:${this.pos.line}:${this.pos.col}: ` : '';
    return this.hint ? `${where}${this.message}\n  ${this.hint}` : `${where}${this.message}`;
  }
}
