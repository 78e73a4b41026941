// What one HTTP exchange is, whichever way it travels: node:http in the Node server and the CLI
// (transport.ts), fetch in the web worker (fetchTransport.ts). The client (client.ts) sees only this.
import type { ProxyEnv } from './proxy';

export interface HttpRequest {
  url: URL;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  body?: Uint8Array;
  /** Limit for the whole exchange: connect, send, and read the complete response. */
  timeoutMs: number;
  signal?: AbortSignal;
  maxResponseBytes?: number;
  /** An explicit proxy URL (e.g. from an editor setting); otherwise HTTPS_PROXY and friends decide. Node only: a browser uses its own. */
  proxy?: string;
  /** Where proxy variables are read from; process.env unless a test hands in its own. Node only. */
  env?: ProxyEnv;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Lower-case names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

export type HttpSend = (req: HttpRequest) => Promise<HttpResponse>;

export type TransportFailure =
  | 'refused'
  | 'dns'
  | 'reset'
  | 'timeout'
  | 'aborted'
  | 'too-large'
  | 'tls'
  /** The proxy is misconfigured or refused to carry the request; nothing reached the API. */
  | 'proxy'
  /**
   * A browser would not hand over an answer: the API does not allow this page's origin (CORS), or the
   * network is unreachable. The browser does not say which, so the message names both.
   */
  | 'browser-blocked'
  | 'other';

export class TransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    /** True once the complete request (headers and body) was handed to the OS. */
    readonly requestWritten: boolean,
    message: string,
    readonly code?: string,
    /** Status line of a response whose body then failed to arrive. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s >= 1 && Number.isInteger(s) ? `${s} s` : `${Number(s.toFixed(3))} s`;
}
