// The one place where a feature's or a request's failure is caught: the error is logged with its stack,
// the editor gets an empty (or failed) answer, and cancellation is checked before and after the work (an
// answer computed for a request the editor already gave up on is not sent). Features themselves never
// catch their own bugs.
// The library as a module object, not a copy of it: see server.ts.
import lsp = require('vscode-languageserver');

export interface CancellationLike {
  readonly isCancellationRequested: boolean;
}

export type GuardLog = (message: string) => void;

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}

const cancelled = () => new lsp.ResponseError(lsp.LSPErrorCodes.RequestCancelled, 'Request cancelled.');

/** A guard that logs through `log`. `run` answers `empty` when the work throws. */
export function createGuard(log: GuardLog) {
  return function run<T>(feature: string, uri: string, empty: T, token: CancellationLike | undefined, work: () => T): T | lsp.ResponseError<void> {
    if (token?.isCancellationRequested) return cancelled();
    let result: T;
    try {
      result = work();
    } catch (error) {
      log(`${feature} failed for ${uri}: ${describeError(error)}`);
      return empty;
    }
    return token?.isCancellationRequested ? cancelled() : result;
  };
}

export interface AsyncGuardOptions<T> {
  /** The answer when the work throws; a ResponseError (internal error) when absent. */
  failed?: T;
  /**
   * Whether cancellation is checked after the work too. Not for a request that changes something in
   * Polytomic: once it was sent, its answer says what happened even if the editor stopped waiting.
   */
  cancelAfter: boolean;
}

/**
 * The guard for asynchronous requests (the custom requests: Create, pull, state, update, run): a bug is
 * logged with its stack and answered with `failed` instead of an unexplained protocol error.
 */
export function createAsyncGuard(log: GuardLog) {
  return async function runAsync<T>(request: string, token: CancellationLike | undefined, options: AsyncGuardOptions<T>, work: () => Promise<T>): Promise<T | lsp.ResponseError<void>> {
    if (token?.isCancellationRequested) return cancelled();
    let result: T;
    try {
      result = await work();
    } catch (error) {
      log(`${request} failed: ${describeError(error)}`);
      return options.failed !== undefined ? options.failed : new lsp.ResponseError(lsp.ErrorCodes.InternalError, `${request} failed with an internal error of the Polysync language server; its output has the details.`);
    }
    return options.cancelAfter && token?.isCancellationRequested ? cancelled() : result;
  };
}

export type AsyncGuard = ReturnType<typeof createAsyncGuard>;
