// The one way a command asks the language server something: a typed request from protocol/messages.ts,
// cancelled through an AbortSignal, with every failure of the exchange itself turned into one of two
// errors a command can tell apart (the answer of a request that did reach the server is its typed result).
// Free of VS Code and of node-only APIs: the flows that use it run in the unit tests and in any host.

/** A request declared in protocol/messages.ts (a vscode-jsonrpc RequestType): its method, and P and R as types. */
export interface RequestKind<P, R> {
  readonly method: string;
  readonly _: [P, R, ...unknown[]] | undefined;
}

/** Sends `type` with `params`; aborting `signal` cancels it. Rejects only with ServerUnavailable or RequestCancelled. */
export type SendRequest = <P, R>(type: RequestKind<P, R>, params: P, signal?: AbortSignal) => Promise<R>;

/** What carries requests to the server: the language client in VS Code, a stdio test client in the tests. */
export interface RequestTransport {
  isRunning(): boolean;
  send(method: string, params: unknown, signal?: AbortSignal): Promise<unknown>;
}

/** The language server could not be asked (not running), or the exchange failed (it stopped, it threw). */
export class ServerUnavailable extends Error {
  /** For the output: the stack of what failed, where there is one. */
  readonly detail: string;
  constructor(message: string, cause?: unknown) {
    super(message);
    this.name = 'ServerUnavailable';
    this.detail = cause instanceof Error ? (cause.stack ?? cause.message) : message;
  }
}

/** The user cancelled the request and the server answered with an error for it rather than a result. */
export class RequestCancelled extends Error {
  constructor(method: string) {
    super(`${method} was cancelled`);
    this.name = 'RequestCancelled';
  }
}

export const NOT_RUNNING = 'the Polysync language server is not running';

export function requestHelper(transport: RequestTransport): SendRequest {
  return async <P, R>(type: RequestKind<P, R>, params: P, signal?: AbortSignal): Promise<R> => {
    if (!transport.isRunning()) throw new ServerUnavailable(NOT_RUNNING);
    try {
      return (await transport.send(type.method, params, signal)) as R;
    } catch (error) {
      if (signal?.aborted) throw new RequestCancelled(type.method);
      throw new ServerUnavailable(error instanceof Error ? error.message : String(error), error);
    }
  };
}
