/** A problem the user can fix, reported on stderr with exit code 1 (2 for usage errors). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Exit code of usage errors (bad or conflicting options), as for commander's own. */
export const USAGE = 2;
