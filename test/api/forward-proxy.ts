// A real forward proxy on 127.0.0.1, as a company network puts in front of the Internet: CONNECT
// tunnels (how https goes through a proxy) and absolute-URI forwarding (`GET http://host/path`, how
// plain http does). Host names are looked up in the test's own table, never in DNS, and only loopback
// addresses are dialled, so a test can use a name such as api.polysync.test that only the proxy knows.
// Also: a TLS front for the sandbox with the test certificate in test/fixtures/tls.
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';

export const TLS_DIR = path.resolve(__dirname, '..', 'fixtures', 'tls');
/** The self-signed test certificate (api.polysync.test, localhost, 127.0.0.1); pass as NODE_EXTRA_CA_CERTS. */
export const TEST_CA_FILE = path.join(TLS_DIR, 'api-test.cert.pem');
/** A name that resolves nowhere but in the proxy's table. */
export const TEST_API_HOST = 'api.polysync.test';

export interface ProxyVisit {
  kind: 'connect' | 'forward';
  /** `host:port` of a CONNECT, the absolute URL of a forwarded request. */
  target: string;
  proxyAuthorization?: string;
  /** The Authorization header of a forwarded request (a tunnel's is encrypted, so never seen). */
  authorization?: string;
}

export interface ForwardProxyOptions {
  /** host (lower case) -> loopback `address:port` to dial for it. Names not listed: 502. */
  hosts?: Record<string, string>;
  /** When set, requests without this exact Proxy-Authorization get 407. */
  requireAuthorization?: string;
  /** Answer every CONNECT with this status instead of opening the tunnel. */
  refuseConnectWith?: number;
}

export interface ForwardProxy {
  url: string;
  port: number;
  readonly visits: ProxyVisit[];
  /** Everything the clients sent into tunnels, as the proxy sees it (encrypted for https). */
  tunnelBytes(): Buffer;
  close(): Promise<void>;
}

export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const visits: ProxyVisit[] = [];
  const tunnelled: Buffer[] = [];
  const sockets = new Set<net.Socket>();

  /** The loopback address to dial for `host:port`, or undefined for a host the test did not name. */
  const dialFor = (host: string, port: string): { host: string; port: number } | undefined => {
    const mapped = options.hosts?.[`${host.toLowerCase()}:${port}`] ?? options.hosts?.[host.toLowerCase()];
    const [address, mappedPort] = mapped ? splitHostPort(mapped) : [host, port];
    if (!/^127\.\d+\.\d+\.\d+$/.test(address) && address !== '::1') return undefined; // loopback only
    return { host: address, port: Number(mappedPort) };
  };
  const authorized = (headers: http.IncomingHttpHeaders) =>
    options.requireAuthorization === undefined || headers['proxy-authorization'] === options.requireAuthorization;

  const server = http.createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('a proxy request needs an absolute URL');
      return;
    }
    visits.push({
      kind: 'forward',
      target: target.href,
      proxyAuthorization: req.headers['proxy-authorization'],
      authorization: req.headers.authorization,
    });
    if (!authorized(req.headers)) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const dial = dialFor(target.hostname, target.port || '80');
    if (!dial || target.protocol !== 'http:') {
      res.writeHead(502).end('the test proxy does not know that host');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request(
      { host: dial.host, port: dial.port, method: req.method, path: `${target.pathname}${target.search}`, headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.headersSent ? res.destroy() : res.writeHead(502).end());
    req.pipe(upstream);
  });

  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const authority = req.url ?? '';
    visits.push({ kind: 'connect', target: authority, proxyAuthorization: req.headers['proxy-authorization'] });
    const refuse = (status: number) => client.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Length: 0\r\n\r\n`);
    if (!authorized(req.headers)) return refuse(407);
    if (options.refuseConnectWith) return refuse(options.refuseConnectWith);
    const [host, port] = splitHostPort(authority);
    const dial = dialFor(host, port);
    if (!dial) return refuse(502);
    const upstream = net.connect(dial.port, dial.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      client.on('data', (chunk: Buffer) => tunnelled.push(chunk));
      client.pipe(upstream).pipe(client);
    });
    upstream.on('error', () => (client.writable ? refuse(502) : client.destroy()));
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    visits,
    tunnelBytes: () => Buffer.concat(tunnelled),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface TlsFront {
  /** `127.0.0.1:port`, to name in the proxy's host table. */
  address: string;
  port: number;
  close(): Promise<void>;
}

/** Terminates TLS with the test certificate and passes the plain bytes to `target` (the sandbox). */
export async function startTlsFront(target: { host: string; port: number }): Promise<TlsFront> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(
    { key: readFileSync(path.join(TLS_DIR, 'api-test.key.pem')), cert: readFileSync(TEST_CA_FILE) },
    (clear) => {
      const upstream = net.connect(target.port, target.host);
      clear.pipe(upstream).pipe(clear);
      upstream.on('error', () => clear.destroy());
      clear.on('error', () => upstream.destroy());
    },
  );
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function splitHostPort(authority: string): [string, string] {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(authority);
  if (bracketed) return [bracketed[1], bracketed[2]];
  const at = authority.lastIndexOf(':');
  return [authority.slice(0, at), authority.slice(at + 1)];
}
