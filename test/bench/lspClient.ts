// A small LSP client over stdio for the benchmark: it can drive any language server command (ours and
// the reference JSON server), timestamps every message it receives, and never retries or hides errors.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ServerCommand {
  label: string;
  command: string;
  args: string[];
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
}

export interface ReceivedNotification {
  method: string;
  params: Json;
  /** performance.now() when the message was fully read. */
  at: number;
}

export interface ClientOptions {
  pullDiagnostics: boolean;
  initializationOptions?: Json;
  /** Answers the server's workspace/configuration requests (one value per item). */
  configuration?: (section: string | undefined) => Json;
}

export class LspClient {
  readonly notifications: ReceivedNotification[] = [];
  initializeResult: Json;
  /** performance.now() at spawn and when the initialize response arrived. */
  spawnedAt = 0;
  initializedAt = 0;
  private nextId = 1;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void; method: string; timer: NodeJS.Timeout }>();
  private readonly waiters: { method: string; predicate: (n: ReceivedNotification) => boolean; resolve: (n: ReceivedNotification) => void }[] = [];
  private stderrText = '';
  private exited = false;
  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    private readonly options: ClientOptions,
  ) {
    process.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    process.stderr.setEncoding('utf8');
    process.stderr.on('data', (chunk: string) => {
      // Keep only the tail: enough to explain a failure without growing without bound.
      this.stderrText = (this.stderrText + chunk).slice(-8000);
    });
    process.on('exit', () => {
      this.exited = true;
      for (const [, entry] of this.pending) {
        clearTimeout(entry.timer);
        entry.reject(new Error(`server exited during ${entry.method}; stderr: ${this.stderrText}`));
      }
      this.pending.clear();
    });
  }

  static async start(server: ServerCommand, options: ClientOptions): Promise<LspClient> {
    const spawnedAt = performance.now();
    const child = spawn(server.command, server.args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...server.env } });
    const client = new LspClient(child, options);
    client.spawnedAt = spawnedAt;
    client.initializeResult = await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          ...(options.pullDiagnostics ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      },
      initializationOptions: options.initializationOptions,
    }, 20000);
    client.initializedAt = performance.now();
    client.notify('initialized', {});
    return client;
  }

  stderr(): string {
    return this.stderrText;
  }

  notify(method: string, params: Json): void {
    this.send({ method, params });
  }

  request<T = Json>(method: string, params: Json, timeoutMs = 120000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`server has exited; stderr: ${this.stderrText}`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, method, timer });
      this.send({ id, method, params });
    });
  }

  /** The first notification matching, received after `since` (a performance.now() value). */
  waitFor(method: string, predicate: (params: Json) => boolean, since: number, timeoutMs = 120000): Promise<ReceivedNotification> {
    const matches = (n: ReceivedNotification) => n.method === method && n.at >= since && predicate(n.params);
    const seen = this.notifications.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        method,
        predicate: matches,
        resolve: (n: ReceivedNotification) => {
          clearTimeout(timer);
          resolve(n);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no ${method} within ${timeoutMs} ms; stderr: ${this.stderrText}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  open(uri: string, languageId: string, version: number, text: string): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: Json[]): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** Resident set size and its peak, in MiB, read from /proc (Linux). */
  memory(): { rssMiB: number; peakMiB: number } | undefined {
    try {
      const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
      const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
    } catch {
      return undefined;
    }
  }

  /** CPU time (user + system) the server has used so far, in ms, from /proc (Linux; 10 ms ticks). */
  cpuMs(): number {
    return processCpuMs(this.process.pid);
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await this.request('shutdown', null, 5000);
      this.notify('exit', null);
    } catch {
      // The kill below still ends it.
    }
    await new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
      this.process.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private send(message: Json): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.process.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length: (\d+)/i.exec(header);
      if (!match) throw new Error(`bad header from server: ${header}`);
      const length = Number(match[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.handle(message, performance.now());
    }
  }

  private handle(message: Json, at: number): void {
    if (message.id !== undefined && message.method === undefined) {
      const entry = this.pending.get(message.id);
      if (!entry) return;
      this.pending.delete(message.id);
      clearTimeout(entry.timer);
      if (message.error) entry.reject(Object.assign(new Error(`${entry.method} failed: ${message.error.message}`), { code: message.error.code }));
      else entry.resolve(message.result);
      return;
    }
    if (message.id !== undefined) {
      // A request from the server: configuration is answered from the options, the rest with null.
      let result: Json = null;
      if (message.method === 'workspace/configuration') {
        result = (message.params.items ?? []).map((item: { section?: string }) => this.options.configuration?.(item.section) ?? null);
      }
      this.send({ id: message.id, result });
      return;
    }
    const notification = { method: message.method, params: message.params, at };
    this.notifications.push(notification);
    // Only diagnostics and log messages are kept for long: a benchmark receives thousands.
    if (this.notifications.length > 2000) this.notifications.splice(0, 1000);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].predicate(notification)) {
        const [waiter] = this.waiters.splice(i, 1);
        waiter.resolve(notification);
      }
    }
  }
}

/**
 * CPU time (user + system, every thread: V8's compiler and GC helpers too) a process has used so far,
 * in ms, from /proc (Linux; 10 ms ticks); NaN when it cannot be read.
 */
export function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // After the command name: utime and stime are fields 14 and 15 of the line, 12 and 13 here.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/**
 * CPU time a process has used so far, in ms with nanosecond resolution, from each thread's
 * /proc/<pid>/task/<tid>/schedstat (time spent on a CPU): `all` over every thread (V8's compiler and GC
 * helpers too), `main` the main thread's alone. NaN when it cannot be read (not Linux, or no schedstat).
 * Finer than processCpuMs's 10 ms ticks, so a few hundred rounds of a fraction of a millisecond can be
 * compared.
 */
export function processSchedCpuMs(pid: number | undefined): { all: number; main: number } {
  try {
    let all = 0;
    let main = NaN;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      let ns: number;
      try {
        ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        continue; // a helper thread that ended between the listing and the read
      }
      all += ns;
      if (Number(tid) === pid) main = ns;
    }
    return { all: all / 1e6, main: main / 1e6 };
  } catch {
    return { all: NaN, main: NaN };
  }
}
