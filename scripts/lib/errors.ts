/**
 * The two failures every command reports the same way (runCli in cli.ts):
 * a usage error exits 2, a refusal exits 1; both print one line, never a
 * stack trace. Library code throws them without knowing which command runs it.
 */

/** The command line cannot be run as given (exit 2). */
export class UsageError extends Error {}

/** A refusal the user can act on (exit 1), as opposed to a usage error (exit 2). */
export class RefusedError extends Error {}
