// One HTTP exchange over node:http/https (Node server and CLI; the web worker uses fetchTransport.ts), reporting how far it got. Whether the request body was
// completely handed to the operating system decides whether a failed create may have happened:
// a server cannot act on a request whose body (sized by Content-Length) never fully arrived.

import type * as http from 'node:http';
import type * as net from 'node:net';
import { DEFAULT_MAX_RESPONSE_BYTES, formatSeconds, type HttpRequest, type HttpResponse, TransportError, type TransportFailure } from './http';
import { ProxyConfigError, type ProxyRoute, proxyAuthorization, proxyFor } from './proxy';

// Loaded on the first request, not at start-up: the language server answers `initialize` before
// any account call, and node:https pulls in TLS.
let httpModule: typeof import('node:http') | undefined;
let httpsModule: typeof import('node:https') | undefined;
function transportFor(protocol: string): typeof import('node:http') | typeof import('node:https') {
  if (protocol === 'https:') return (httpsModule ??= require('node:https') as typeof import('node:https'));
  return (httpModule ??= require('node:http') as typeof import('node:http'));
}
let tlsModule: typeof import('node:tls') | undefined;

export { type HttpRequest, type HttpResponse, type HttpSend, TransportError, type TransportFailure } from './http';

// POLYSYNC_CONNECTION_REUSE=0 turns reuse off (the benchmark's A/B in a child process).
let reuse = process.env.POLYSYNC_CONNECTION_REUSE !== '0';
const agents = new Map<string, http.Agent>();

/** Whether reads reuse connections (on unless turned off: the benchmark's A/B, tests). Turning it off closes the pooled ones. */
export function setConnectionReuse(enabled: boolean): void {
  reuse = enabled;
  if (!enabled) closeConnections();
}

/** Closes the pooled connections (they never keep the process alive: Node unrefs an idle pooled socket). */
export function closeConnections(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/**
 * Reads (GET) reuse connections, one keep-alive pool per origin: a run over many files would otherwise
 * open one TCP (and TLS) connection per request. A GET is safe to send again, so a pooled socket the
 * server closed meanwhile costs a retry at worst. Every other method gets a fresh connection: a pooled
 * socket the server already closed would turn a create that was never processed into an "outcome
 * unknown" failure.
 */
function agentFor(req: HttpRequest): http.Agent | false {
  if (!reuse || req.method !== 'GET') return false;
  let agent = agents.get(req.url.origin);
  if (!agent) {
    agent = new (transportFor(req.url.protocol).Agent)({ keepAlive: true, scheduling: 'lifo' });
    agents.set(req.url.origin, agent);
  }
  return agent;
}

export function sendHttp(req: HttpRequest): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const where = hostLabel(req.url);
    if (req.signal?.aborted) {
      reject(new TransportError('aborted', false, 'The request was cancelled before it was sent.'));
      return;
    }
    let route: ProxyRoute | undefined;
    try {
      route = proxyFor(req.url, req.env ?? process.env, req.proxy);
    } catch (err) {
      const message = err instanceof ProxyConfigError ? err.message : 'The proxy settings could not be read.';
      reject(new TransportError('proxy', false, `${message} Nothing was sent to ${where}.`));
      return;
    }
    const headers: Record<string, string> = { ...req.headers };
    if (req.body) headers['Content-Length'] = String(req.body.length);
    let tunnel: http.ClientRequest | undefined;
    const request = openRequest(req, headers, route, (opened) => {
      tunnel = opened;
    });

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
        tunnel?.destroy();
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
      if (err instanceof TunnelError) {
        fail(err.failure, err.message);
        return;
      }
      const failure = classify(err);
      fail(failure, describeFailure(failure, where, err, route), err.code);
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

function describeFailure(failure: TransportFailure, where: string, err: NodeJS.ErrnoException, route?: ProxyRoute): string {
  if (route && !(err as { polysyncPastProxy?: boolean }).polysyncPastProxy) {
    // Failures before the proxy carried anything are the proxy's; say so, or the user looks at the API.
    const proxy = proxyLabel(route);
    if (failure === 'refused') return `Could not connect to ${proxy}: connection refused.`;
    if (failure === 'dns') return `Could not find the host of ${proxy} (DNS lookup failed).`;
  }
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

/** `the proxy 10.0.0.1:3128 (from HTTPS_PROXY)`: host and port only, never the proxy's credentials. */
function proxyLabel(route: ProxyRoute): string {
  return `the proxy ${route.url.host} (from ${route.source})`;
}

/** The proxy could not open a tunnel; `failure` says whether trying again may help. */
class TunnelError extends Error {
  constructor(
    readonly failure: TransportFailure,
    message: string,
  ) {
    super(message);
    this.name = 'TunnelError';
  }
}

/**
 * Starts the request: straight to the server, to an http proxy as an absolute-URI request (http
 * targets), or through a CONNECT tunnel the proxy opens to the server (https targets, so the proxy
 * sees neither the request nor the key). `onTunnel` receives the CONNECT request, so it can be
 * destroyed with the rest.
 */
function openRequest(
  req: HttpRequest,
  headers: Record<string, string>,
  route: ProxyRoute | undefined,
  onTunnel: (tunnel: http.ClientRequest) => void,
): http.ClientRequest {
  if (!route) return transportFor(req.url.protocol).request(req.url, { method: req.method, headers, agent: agentFor(req) });

  const proxyAuth = proxyAuthorization(route.url);
  if (req.url.protocol === 'http:') {
    const forwarded: Record<string, string> = { ...headers, Host: req.url.host };
    if (proxyAuth) forwarded['Proxy-Authorization'] = proxyAuth;
    return transportFor(route.url.protocol).request({
      protocol: route.url.protocol,
      hostname: route.url.hostname.replace(/^\[|\]$/g, ''),
      port: route.url.port || defaultPort(route.url),
      method: req.method,
      path: req.url.href,
      headers: forwarded,
      agent: false,
    });
  }

  const targetPort = req.url.port || '443';
  const authority = `${req.url.hostname}:${targetPort}`;
  const servername = req.url.hostname.replace(/^\[|\]$/g, '');
  const createConnection = (_options: unknown, done: (err: Error | null, socket?: net.Socket) => void): undefined => {
    const connectHeaders: Record<string, string> = { Host: authority };
    if (proxyAuth) connectHeaders['Proxy-Authorization'] = proxyAuth;
    const tunnel = transportFor(route.url.protocol).request({
      protocol: route.url.protocol,
      hostname: route.url.hostname.replace(/^\[|\]$/g, ''),
      port: route.url.port || defaultPort(route.url),
      method: 'CONNECT',
      path: authority,
      headers: connectHeaders,
      agent: false,
    });
    onTunnel(tunnel);
    tunnel.on('connect', (answer: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      const status = answer.statusCode ?? 0;
      if (status !== 200) {
        socket.destroy();
        // Only the status code and its standard name: the proxy's own text could echo anything.
        const name = (require('node:http') as typeof import('node:http')).STATUS_CODES[status] ?? 'unknown status';
        // A proxy that cannot reach the server (502, 503, 504) may do better on a second try.
        const failure: TransportFailure = status >= 502 && status <= 504 ? 'refused' : 'proxy';
        done(new TunnelError(failure, `${capitalize(proxyLabel(route))} refused to open a tunnel to ${authority}: ${status} ${name}.`));
        return;
      }
      if (head.length > 0) socket.unshift(head);
      tlsModule ??= require('node:tls') as typeof import('node:tls');
      const secure = tlsModule.connect({ socket, servername: isIpLiteral(servername) ? undefined : servername });
      // Errors from here on are the server's (TLS, a reset), not the proxy's.
      secure.once('error', (err: Error) => Object.assign(err, { polysyncPastProxy: true }));
      done(null, secure);
    });
    tunnel.on('error', (err: NodeJS.ErrnoException) => done(err));
    tunnel.end();
    return undefined;
  };
  return transportFor('https:').request(req.url, {
    method: req.method,
    headers,
    // No agent: the request uses the socket createConnection hands back, once the tunnel is open.
    createConnection: createConnection as unknown as http.RequestOptions['createConnection'],
  });
}

function defaultPort(url: URL): string {
  return url.protocol === 'https:' ? '443' : '80';
}

function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
