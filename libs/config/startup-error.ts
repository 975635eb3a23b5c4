/**
 * Thrown when the system cannot start because of its surroundings: a service that does not
 * answer, a port in use, a tool that cannot be built. `variable` names the setting an
 * operator changes to fix it, and the message says what to do.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}
