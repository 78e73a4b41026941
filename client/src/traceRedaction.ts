// The message trace (polysync.trace.server = verbose) writes every message's parameters into the
// Polysync output, and polysync/setCredentials carries the API key to the server. Every trace line
// passes through here first, so the key never reaches the output.

const API_KEY_FIELD = /("apiKey"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/** `text` with the value of every "apiKey" JSON property replaced. */
export function redactTrace(text: string): string {
  return text.replace(API_KEY_FIELD, '$1"<redacted>"');
}

/** The output channel as the trace sees it: the same channel, with trace lines redacted. */
export function redactingTraceChannel<T extends { trace(message: string, ...args: unknown[]): void }>(channel: T): T {
  return new Proxy(channel, {
    get(target, property) {
      if (property === 'trace') return (message: string, ...args: unknown[]) => target.trace(redactTrace(message), ...args);
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
