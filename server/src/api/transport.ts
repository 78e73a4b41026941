// One HTTP exchange over node:http/https, reporting how far it got. Whether the request body was
// completely handed to the operating system decides whether a failed create may have happened:
// a server cannot act on a request whose body (sized by Content-Length) never fully arrived.

import type * as http from 'node:http';

// Loaded on the first request, not at start-up: the language server answers `initialize` before
// any account call, and node:https pulls in TLS.
let httpModule: typeof import('node:http') | undefined;
let httpsModule: typeof import('node:https') | undefined;
function transportFor(protocol: string): typeof import('node:http') | typeof import('node:https') {
  if (protocol === 'https:') return (httpsModule ??= require('node:https') as typeof import('node:https'));
  return (httpModule ??= require('node:http') as typeof import('node:http'));
}

export interface HttpRequest {
  url: URL;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers: Record<string, string>;
  body?: Buffer;
  /** Limit for the whole exchange: connect, send, and read the complete response. */
  timeoutMs: number;
  signal?: AbortSignal;
  maxResponseBytes?: number;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type TransportFailure = 'refused' | 'dns' | 'reset' | 'timeout' | 'aborted' | 'too-large' | 'tls' | 'other';

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

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export function sendHttp(req: HttpRequest): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const where = hostLabel(req.url);
    if (req.signal?.aborted) {
      reject(new TransportError('aborted', false, 'The request was cancelled before it was sent.'));
      return;
    }
    const headers: Record<string, string> = { ...req.headers };
    if (req.body) headers['Content-Length'] = String(req.body.length);
    const lib = transportFor(req.url.protocol);
    // A fresh connection per request: a pooled socket the server already closed would turn a
    // request that was never processed into an "outcome unknown" failure.
    const request = lib.request(req.url, { method: req.method, headers, agent: false });

    let written = false;
    let status: number | undefined;
    let settled = false;

    const finish = (error: TransportError | undefined, response?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      if (error) {
        request.destroy();
        reject(error);
      } else resolve(response!);
    };
    const fail = (failure: TransportFailure, message: string, code?: string): void =>
      finish(new TransportError(failure, written, message, code, status));

    const timer = setTimeout(() => {
      const seconds = formatSeconds(req.timeoutMs);
      if (status !== undefined) fail('timeout', `The response from ${where} did not finish within ${seconds}.`);
      else if (written) fail('timeout', `No response from ${where} within ${seconds} after the request was sent.`);
      else fail('timeout', `Could not send the request to ${where} within ${seconds}.`);
    }, req.timeoutMs);
    const onAbort = (): void => fail('aborted', 'The request was cancelled.');
    req.signal?.addEventListener('abort', onAbort, { once: true });

    request.on('finish', () => {
      written = true;
    });
    request.on('error', (err: NodeJS.ErrnoException) => {
      const failure = classify(err);
      fail(failure, describeFailure(failure, where, err), err.code);
    });
    request.on('response', (res) => {
      status = res.statusCode ?? 0;
      const limit = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) fail('too-large', `The response from ${where} is larger than ${limit} bytes.`);
        else chunks.push(chunk);
      });
      res.on('end', () =>
        finish(undefined, {
          status: status!,
          statusText: res.statusMessage ?? '',
          headers: res.headers,
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', () => fail('reset', `The connection to ${where} closed before the response was complete.`));
      res.on('close', () => {
        if (!res.complete) fail('reset', `The connection to ${where} closed before the response was complete.`);
      });
    });
    request.end(req.body);
  });
}

function classify(err: NodeJS.ErrnoException): TransportFailure {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return 'dns';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'reset';
    default:
      if (err.code?.startsWith('ERR_TLS') || /CERT|SSL|TLS/.test(err.code ?? '')) return 'tls';
      if (err.message === 'socket hang up') return 'reset';
      return 'other';
  }
}

function describeFailure(failure: TransportFailure, where: string, err: NodeJS.ErrnoException): string {
  switch (failure) {
    case 'refused':
      return `Could not connect to ${where}: connection refused.`;
    case 'dns':
      return `Could not find the host of ${where} (DNS lookup failed).`;
    case 'reset':
      return `The connection to ${where} was closed before a response arrived${err.code ? ` (${err.code})` : ''}.`;
    case 'tls':
      return `The secure connection to ${where} failed (${err.code ?? 'TLS error'}).`;
    default:
      return `The request to ${where} failed${err.code ? ` (${err.code})` : ''}.`;
  }
}

function hostLabel(url: URL): string {
  return url.host;
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s >= 1 && Number.isInteger(s) ? `${s} s` : `${Number(s.toFixed(3))} s`;
}
