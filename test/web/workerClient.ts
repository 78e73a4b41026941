// A small LSP client for the web server bundle (dist/web/server.js) running in a worker_threads Worker
// with Node's globals taken away (worker-bootstrap.js): JSON-RPC objects over the worker's message port,
// as vscode-languageclient/browser sends them to a browser Worker.
import { once } from 'node:events';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export const WEB_SERVER = path.resolve(__dirname, '..', '..', 'dist', 'web', 'server.js');

export interface WorkerLsp {
  /** Node globals the bundle could still see (must be none). */
  nodeGlobalsLeft: string[];
  request<T = Json>(method: string, params: Json, timeoutMs?: number): Promise<T>;
  notify(method: string, params: Json): void;
  waitForNotification(method: string, predicate?: (params: Json) => boolean, timeoutMs?: number): Promise<Json>;
  notifications: { method: string; params: Json }[];
  /** Errors the worker raised or the bundle threw at load; any is a failure. */
  errors: string[];
  close(): Promise<void>;
}

export async function startWorkerServer(bundle = WEB_SERVER): Promise<WorkerLsp> {
  const worker = new Worker(path.join(__dirname, 'worker-bootstrap.js'), { workerData: { bundle }, stdout: true, stderr: true });
  const errors: string[] = [];
  const notifications: { method: string; params: Json }[] = [];
  const pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void }>();
  const waiters: { method: string; predicate: (p: Json) => boolean; resolve: (p: Json) => void }[] = [];
  let nextId = 1;
  let nodeGlobalsLeft: string[] | undefined;
  const ready = new Promise<void>((resolve) => {
    worker.on('message', (message: Json) => {
      if (message.nodeGlobalsLeft) {
        nodeGlobalsLeft = message.nodeGlobalsLeft;
        resolve();
        return;
      }
      if (message.bundleError) {
        errors.push(message.bundleError);
        return;
      }
      const lsp = message.lsp;
      if (lsp.id !== undefined && lsp.method === undefined) {
        const p = pending.get(lsp.id);
        pending.delete(lsp.id);
        if (lsp.error) p?.reject(new Error(`${lsp.error.code}: ${lsp.error.message}`));
        else p?.resolve(lsp.result);
      } else if (lsp.id !== undefined) {
        // A request from the server (configuration, refresh, registration): answered as a plain client would.
        worker.postMessage({ jsonrpc: '2.0', id: lsp.id, result: lsp.method === 'workspace/configuration' ? lsp.params.items.map(() => null) : null });
      } else {
        notifications.push({ method: lsp.method, params: lsp.params });
        for (const w of [...waiters]) {
          if (w.method === lsp.method && w.predicate(lsp.params)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(lsp.params);
          }
        }
      }
    });
  });
  worker.on('error', (error) => errors.push(String(error.stack ?? error)));
  await ready;

  const client: WorkerLsp = {
    nodeGlobalsLeft: nodeGlobalsLeft ?? [],
    notifications,
    errors,
    request(method, params, timeoutMs = 10_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`no answer to ${method} within ${timeoutMs} ms; worker errors: ${errors.join('\n') || 'none'}`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => (clearTimeout(timer), resolve(v)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        worker.postMessage({ jsonrpc: '2.0', id, method, params });
      });
    },
    notify(method, params) {
      worker.postMessage({ jsonrpc: '2.0', method, params });
    },
    waitForNotification(method, predicate = () => true, timeoutMs = 10_000) {
      const seen = notifications.find((n) => n.method === method && predicate(n.params));
      if (seen) return Promise.resolve(seen.params);
      return new Promise((resolve, reject) => {
        const waiter = { method, predicate, resolve: (p: Json) => (clearTimeout(timer), resolve(p)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no ${method} within ${timeoutMs} ms; worker errors: ${errors.join('\n') || 'none'}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    async close() {
      const exited = once(worker, 'exit');
      await worker.terminate();
      await exited.catch(() => undefined);
    },
  };
  return client;
}
