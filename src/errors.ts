/**
 * A failure the user can fix (bad usage, unreadable file, missing column, bad policy):
 * the CLI prints the message — one Chinese sentence — and exits 2, never a stack trace.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
