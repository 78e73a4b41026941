// A misbehaving network between the client and the sandbox: an HTTP proxy on 127.0.0.1 that
// forwards each request to the sandbox (so the sandbox still counts the syncs really created) and
// then mangles the answer as planned: cut off in the middle of the body, or trickled out slowly.
// It also swaps the planted key the client sends for the sandbox's own key, so a distinctive key
// can be checked for leaks while requests still succeed.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Plan =
  /** Forward and answer unchanged. */
  | { kind: 'pass' }
  /** Forward, send the status line, headers and `keep` bytes of the body, then drop the connection. */
  | { kind: 'cut'; keep?: number }
  /** Forward, then send the body in `chunks` pieces `everyMs` apart. */
  | { kind: 'trickle'; chunks: number; everyMs: number };

export interface FaultProxy {
  url: string;
  port: number;
  /** Plans for the next requests, in order; requests beyond them pass. */
  plan(...plans: Plan[]): void;
  /** Authorization headers the proxy received (before swapping the key). */
  readonly seenAuthorization: string[];
  close(): Promise<void>;
}

export async function startFaultProxy(target: string, keys: { planted: string; real: string }): Promise<FaultProxy> {
  const plans: Plan[] = [];
  const seenAuthorization: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const plan = plans.shift() ?? { kind: 'pass' };
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = { ...req.headers };
      seenAuthorization.push(String(headers.authorization ?? ''));
      if (headers.authorization) headers.authorization = headers.authorization.split(keys.planted).join(keys.real);
      const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers, agent: false }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('end', () => deliver(res, answer, Buffer.concat(body), plan));
      });
      upstream.on('error', () => res.socket?.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    plan: (...next) => {
      plans.length = 0;
      plans.push(...next);
    },
    seenAuthorization,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function deliver(res: http.ServerResponse, answer: http.IncomingMessage, body: Buffer, plan: Plan): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined && name !== 'transfer-encoding' && name !== 'connection') headers[name] = value;
  }
  headers['content-length'] = String(body.length);
  res.writeHead(answer.statusCode ?? 502, headers);
  if (plan.kind === 'pass') {
    res.end(body);
    return;
  }
  if (plan.kind === 'cut') {
    const keep = plan.keep ?? Math.floor(body.length / 2);
    // Flush the head and the kept bytes, then drop the connection mid-body.
    res.write(body.subarray(0, keep), () => setImmediate(() => res.socket?.destroy()));
    return;
  }
  const size = Math.ceil(body.length / plan.chunks);
  let sent = 0;
  const step = () => {
    if (res.destroyed) return;
    const piece = body.subarray(sent, sent + size);
    sent += piece.length;
    if (sent >= body.length) res.end(piece);
    else res.write(piece, () => setTimeout(step, plan.everyMs));
  };
  step();
}
