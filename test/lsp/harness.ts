// A minimal LSP client over stdio for protocol tests: it spawns the bundled dist/server.js --stdio
// and speaks JSON-RPC with Content-Length framing, exactly as an editor would.
import { type ChildProcess, type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { after } from 'node:test';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface StartOptions {
  /** Client capabilities; by default a client that can pull diagnostics. */
  capabilities?: Json;
  /** When false, the client does not advertise pull diagnostics, so the server pushes them. */
  pullDiagnostics?: boolean;
  initializationOptions?: Json;
  env?: NodeJS.ProcessEnv;
  args?: string[];
}

export interface Notification {
  method: string;
  params: Json;
}

export interface LspTestClient {
  process: ChildProcessWithoutNullStreams;
  initializeResult: Json;
  request<T = Json>(method: string, params: Json, options?: { timeoutMs?: number; onId?: (id: number) => void }): Promise<T>;
  notify(method: string, params: Json): void;
  /** Resolves with the first notification (already received or future) matching the predicate. */
  waitForNotification(method: string, predicate?: (params: Json) => boolean, timeoutMs?: number): Promise<Json>;
  notifications: Notification[];
  /** Requests the server sent to the client (answered with null), e.g. workspace/diagnostic/refresh. */
  serverRequests: Notification[];
  stderr(): string;
  open(uri: string, text: string, languageId?: string, version?: number): void;
  change(uri: string, version: number, changes: Json[]): void;
  diagnostics(uri: string): Promise<Json[]>;
  close(): Promise<void>;
}

export function fileUri(name: string): string {
  return `file:///workspace/${name}`;
}

/**
 * Servers still running. A test that fails (or a client that never closes its server) must not leave one
 * behind: its pipes would keep the test file's process, and so the whole run, from ever ending.
 */
const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startServer(options: StartOptions = {}): Promise<LspTestClient> {
  const child = spawn(process.execPath, [SERVER, '--stdio', ...(options.args ?? [])], {
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));

  let nextId = 1;
  const pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void; timer: NodeJS.Timeout; method: string }>();
  const notifications: Notification[] = [];
  const serverRequests: Notification[] = [];
  const waiters: { method: string; predicate: (p: Json) => boolean; resolve: (p: Json) => void }[] = [];
  let exited = false;

  // The server may send a request (a refresh, say) just before it exits; the answer then meets a closed
  // pipe. Such a write error is expected once the server is told to exit or has gone; before that it
  // fails whatever is waiting on the server, with the error, instead of escaping as an uncaught one.
  let exitSent = false;
  child.stdin.on('error', (error: NodeJS.ErrnoException) => {
    if (exitSent || exited) return;
    for (const [, entry] of pending) {
      clearTimeout(entry.timer);
      entry.reject(new Error(`writing to the server failed during ${entry.method}: ${error.code ?? error.message}; stderr:\n${stderr}`));
    }
    pending.clear();
  });
  const send = (message: Json) => {
    if (exited || child.stdin.destroyed) return;
    if (message.method === 'exit') exitSent = true;
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };

  let buffer = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length: (\d+)/i.exec(header);
      if (!match) throw new Error(`bad header from server: ${header}`);
      const length = Number(match[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      buffer = buffer.subarray(headerEnd + 4 + length);
      handle(message);
    }
  });

  function handle(message: Json): void {
    if (message.id !== undefined && message.method === undefined) {
      const entry = pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id);
      clearTimeout(entry.timer);
      if (message.error) {
        const error = new Error(`${entry.method} failed: ${message.error.message}`) as Error & { code?: number };
        error.code = message.error.code;
        entry.reject(error);
      } else entry.resolve(message.result);
    } else if (message.id !== undefined) {
      // A request from the server (workspace/configuration, client/registerCapability, ...).
      let result: Json = null;
      if (message.method === 'workspace/configuration') result = (message.params.items ?? []).map(() => null);
      serverRequests.push({ method: message.method, params: message.params });
      send({ id: message.id, result });
    } else {
      notifications.push({ method: message.method, params: message.params });
      for (let i = waiters.length - 1; i >= 0; i--) {
        const waiter = waiters[i];
        if (waiter.method === message.method && waiter.predicate(message.params)) {
          waiters.splice(i, 1);
          waiter.resolve(message.params);
        }
      }
    }
  }

  child.on('exit', () => {
    exited = true;
    for (const [, entry] of pending) {
      clearTimeout(entry.timer);
      entry.reject(new Error(`server exited during ${entry.method}; stderr:\n${stderr}`));
    }
    pending.clear();
  });

  const request = <T = Json>(method: string, params: Json, opts: { timeoutMs?: number; onId?: (id: number) => void } = {}): Promise<T> => {
    if (exited) return Promise.reject(new Error(`server has exited; stderr:\n${stderr}`));
    const id = nextId++;
    opts.onId?.(id);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method} timed out after ${opts.timeoutMs ?? 10000} ms`));
      }, opts.timeoutMs ?? 10000);
      pending.set(id, { resolve, reject, timer, method });
      send({ id, method, params });
    });
  };
  const notify = (method: string, params: Json) => send({ method, params });

  const pull = options.pullDiagnostics ?? true;
  const capabilities = options.capabilities ?? {
    textDocument: {
      synchronization: { dynamicRegistration: false },
      ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, dataSupport: true },
      documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    },
    workspace: { configuration: true },
  };
  const initializeResult = await request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities,
    initializationOptions: options.initializationOptions,
  });
  notify('initialized', {});

  return {
    process: child,
    initializeResult,
    request,
    notify,
    notifications,
    serverRequests,
    stderr: () => stderr,
    waitForNotification(method, predicate = () => true, timeoutMs = 10000) {
      const seen = notifications.find((n) => n.method === method && predicate(n.params));
      if (seen) return Promise.resolve(seen.params);
      return new Promise((resolve, reject) => {
        const waiter = { method, predicate, resolve: (p: Json) => (clearTimeout(timer), resolve(p)) };
        const timer = setTimeout(() => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) waiters.splice(index, 1);
          reject(new Error(`no ${method} notification within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    open(uri, text, languageId = 'polysync', version = 1) {
      notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    change(uri, version, changes) {
      notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    },
    async diagnostics(uri) {
      const report = await request('textDocument/diagnostic', { textDocument: { uri } });
      return report.items;
    },
    async close() {
      if (exited) return;
      try {
        await request('shutdown', null, { timeoutMs: 3000 });
        notify('exit', null);
      } catch {
        // Fall through to kill.
      }
      await new Promise<void>((resolve) => {
        if (exited) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => (clearTimeout(timer), resolve()));
      });
    },
  };
}
