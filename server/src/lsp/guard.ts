// The one place where a feature's failure is caught: the error is logged with its stack, the editor gets
// an empty answer, and cancellation is checked before and after the work (an answer computed for a
// request the editor already gave up on is not sent). Features themselves never catch their own bugs.
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';

export interface CancellationLike {
  readonly isCancellationRequested: boolean;
}

export type GuardLog = (message: string) => void;

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}

const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled.');

/** A guard that logs through `log`. `run` answers `empty` when the work throws. */
export function createGuard(log: GuardLog) {
  return function run<T>(feature: string, uri: string, empty: T, token: CancellationLike | undefined, work: () => T): T | ResponseError<void> {
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
