// Child processes the tests start: each in its own process group so that stopping it also stops
// whatever it spawned (code-server starts an extension host, which starts the language server).
import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import * as net from 'node:net';

export interface ManagedProcess {
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  hasExited(): boolean;
  /** SIGTERM to the whole group, then SIGKILL if it is still there after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ManagedProcess>();

// Last line of defence when a test runner exits early: no editor or browser is left behind.
process.once('exit', () => {
  for (const p of live) killGroup(p.child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

/** Starts `command` detached in a new process group, with stdout and stderr appended to `logFile`. */
export function startProcess(command: string, args: string[], options: SpawnOptions & { logFile: string }): ManagedProcess {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  // Output that arrives after the log is closed is dropped rather than crashing the runner.
  log.on('error', () => undefined);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let done = false;
  let stopping: Promise<void> | undefined;
  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (error) => {
      done = true;
      log.write(`\n[e2e] could not start ${command}: ${error.message}\n`);
      resolve(`error: ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      done = true;
      resolve(code ?? signal ?? 'unknown');
    });
  });
  const managed: ManagedProcess = {
    child,
    logFile: options.logFile,
    exited,
    hasExited: () => done,
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        if (!done) {
          killGroup(child, 'SIGTERM');
          const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
          await exited;
          clearTimeout(timer);
        }
        // Children that ignored SIGTERM on their own still go with the group.
        killGroup(child, 'SIGKILL');
        live.delete(managed);
        // Let the pipes drain into the log (bounded: a stray grandchild may hold them open).
        await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
        await new Promise<void>((resolve) => log.end(() => resolve()));
      })();
      return stopping;
    },
  };
  live.add(managed);
  return managed;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Polls `check` until it returns a value other than undefined/false, at most `timeoutMs`.
 * Fails with `description` (and whatever `explain` adds) when the state never arrives.
 */
export async function waitUntil<T>(
  description: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  {
    timeoutMs = 10_000,
    intervalMs = 100,
    explain,
    giveUp,
  }: {
    timeoutMs?: number;
    intervalMs?: number;
    explain?: () => string | Promise<string>;
    /** Returns a reason when waiting longer is pointless (the process being waited on died). */
    giveUp?: () => string | undefined | Promise<string | undefined>;
  } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const reason = giveUp ? await giveUp() : undefined;
    if (reason) {
      const extra = explain ? `\n${await explain()}` : '';
      throw new Error(`Gave up waiting for ${description}: ${reason}${extra}`);
    }
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const extra = explain ? `\n${await explain()}` : '';
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${cause}${extra}`);
}

/** Waits for an HTTP 200 from `url`, failing early (with its log) if `owner` exits first. */
export async function waitForHttpOk(url: string, owner: ManagedProcess, timeoutMs = 30_000): Promise<void> {
  await waitUntil(
    `${url} to answer 200`,
    async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return response.ok;
    },
    {
      timeoutMs,
      intervalMs: 100,
      giveUp: async () => (owner.hasExited() ? `the process exited (${await owner.exited})` : undefined),
      explain: () => `log ${owner.logFile}:\n${tail(owner.logFile)}`,
    },
  );
}
