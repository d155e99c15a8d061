/** An expected failure of the `isms` command: one line for the person, and the exit code to use. */
export class CliError extends Error {
  constructor(
    message: string,
    /** 1: failed (e.g. the chain is broken, bad usage); 2: what it was asked to read was not found. */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
