// What keeping a sync costs the API, against the sandbox API on 127.0.0.1 (in this process, so the CLI
// and the server are spawned asynchronously): `polysync diff` over many linked files (wall time and
// requests), and for a linked sync with 300 selected schemas the requests of one `diff`, of one state
// read of the editor's lens (polysync/bulkSyncState, what the extension asks on open, on save and
// every REFRESH_MS), and per hour with the file open and untouched.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REFRESH_MS } from '../../client/src/keepSync/states';
import { PolytomicClient } from '../../server/src/api';
import { FULL_SCHEMA_READ_EVERY_MS } from '../../server/src/api/inferred';
import { DEFAULT_CONCURRENCY, pulledFileText, readLiveSync } from '../../server/src/operations';
import { IDS, wideTableId } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { WIDE_SOURCE_TABLES, wideSyncBody } from '../sandbox/wideSync';
import { LspClient } from './lspClient';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface DiffBenchResult {
  files: number;
  samples: number[];
  /** Requests of the last run. */
  requests: number;
  peakInFlight: number;
  exitCode: number | null;
}

const HOUR_MS = 3_600_000;
/** Added to every answer of the sandbox for the wall-time figures: a remote API is not on loopback. */
export const LATENCY_MS = 50;

function runCli(cli: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

const cliEnv = (sandbox: Sandbox): NodeJS.ProcessEnv => ({ ...process.env, POLYTOMIC_API_KEY: sandbox.keys.user, POLYTOMIC_API_URL: sandbox.url });

/** Writes the pulled file of each sync into `<dir>/syncs`. */
async function writeLinkedFiles(sandbox: Sandbox, dir: string, syncIds: string[]): Promise<void> {
  const api = new PolytomicClient({ apiKey: sandbox.keys.user, baseUrl: sandbox.url });
  mkdirSync(path.join(dir, 'syncs'), { recursive: true });
  for (const [i, id] of syncIds.entries()) writeFileSync(path.join(dir, 'syncs', `sync-${i}.polysync.json`), pulledFileText(await readLiveSync(api, id)));
}

/** `polysync diff syncs` in `dir`, `runs` times: wall times, and the requests and peak in flight of the last run. */
async function timeDiff(root: string, sandbox: Sandbox, dir: string, runs: number, concurrency: number): Promise<Omit<DiffBenchResult, 'files'>> {
  const samples: number[] = [];
  let exitCode: number | null = null;
  for (let r = 0; r < runs; r++) {
    sandbox.state.requests.length = 0;
    sandbox.state.peakInFlight = 0;
    const t0 = performance.now();
    exitCode = await runCli(path.join(root, 'dist', 'cli.js'), ['diff', 'syncs', '--concurrency', String(concurrency)], cliEnv(sandbox), dir);
    samples.push(performance.now() - t0);
  }
  return { samples, requests: sandbox.state.requests.length, peakInFlight: sandbox.state.peakInFlight, exitCode };
}

export async function measureDiff(root: string, fileCount: number, runs: number, concurrency: number): Promise<DiffBenchResult> {
  const sandbox = await startSandbox();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polysync-bench-diff-'));
  try {
    const ids: string[] = [];
    for (let i = 0; i < fileCount; i++) {
      ids.push(
        sandbox.createSync({
          name: `Orders ${i}`,
          mode: 'replicate',
          source_connection_id: IDS.ordersDb,
          destination_connection_id: IDS.snowflake,
          destination_configuration: { schema: `TEAM_${i % 20}` },
          default_schedule: { frequency: 'daily', hour: String(i % 24), minute: '0' },
          schemas: ['public.customers', { id: 'public.orders', fields: ['id', 'status', 'updated_at'], tracking_field: 'updated_at' }],
        }).id,
      );
    }
    await writeLinkedFiles(sandbox, dir, ids);
    return { files: fileCount, ...(await timeDiff(root, sandbox, dir, runs, concurrency)) };
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface DiffRun {
  files: number;
  concurrency: number;
  /** Connections reused for reads (the API client's keep-alive pool). */
  reuse: boolean;
  /** `--read-schemas`: every schema read, as before the link vouched for them. */
  readSchemas: boolean;
  requests: number;
  wallMs: number;
  /** CPU time of the CLI process (user + system). */
  cpuMs: number;
  exitCode: number | null;
}

export interface KeepSyncCost {
  schemas: number;
  /** Requests of one `polysync diff` of one such file: before (`--read-schemas`, as every diff read before) and now. */
  diffUnmoved: { before: number; after: number };
  /** The same after a schema edit in Polytomic moved the sync's updated_at. */
  diffMoved: { before: number; after: number };
  /** Requests of the lens's first state read and of one with nothing changed: before (POLYSYNC_LENS_USE_LINK=0) and now. */
  lensFirst: { before: number; after: number };
  lensRefresh: { before: number; after: number };
  refreshMs: number;
  fullReadMs: number;
  /** Per hour from the counts above: the first hour the file is open, and each later one. */
  hourly: { before: { first: number; later: number }; after: { first: number; later: number } };
  /**
   * Measured sync requests over hours shrunk by `scale` (refreshes and the full-read period alike; a read
   * slower than a shrunk interval stretches the hour): before over one hour, now over two (first; second).
   */
  measured: { scale: number; refreshes: number; before: number; afterFirst: number; afterSecond: number };
  /** `polysync diff` over many such files with LATENCY_MS added to each answer. */
  wideBefore: DiffRun;
  wideRuns: DiffRun[];
}

const syncRequests = (sandbox: Sandbox) => sandbox.state.requests.filter((r) => r.path.startsWith('/api/bulk/syncs/')).length;

/**
 * The state reads an untouched open file gets in the hour from `startMs` after it was opened: one on
 * open, then one each REFRESH_MS; which of them read every schema. `fromOpen`: a full read on open and
 * each `fullReadMs` after it (before); otherwise the first full read `fullReadMs` after open (the link
 * vouches for the schemas until then), and each `fullReadMs` after that.
 */
export function hourOfRefreshes(refreshMs: number, fullReadMs: number, options: { fromOpen: boolean; startMs?: number } = { fromOpen: true }): { refreshes: number; fullReads: number } {
  const start = options.startMs ?? 0;
  let fullReads = 0;
  let refreshes = 0;
  let lastFull = options.fromOpen ? -Infinity : 0;
  for (let t = 0; t < start + HOUR_MS; t += refreshMs) {
    let full = false;
    if (t - lastFull >= fullReadMs) {
      full = true;
      lastFull = t;
    }
    if (t < start) continue;
    refreshes++;
    if (full) fullReads++;
  }
  return { refreshes, fullReads };
}

async function startServerAgainst(root: string, sandbox: Sandbox, fullReadMs: number, useLink: boolean): Promise<LspClient> {
  return LspClient.start(
    {
      label: 'polysync',
      command: process.execPath,
      args: [path.join(root, 'dist', 'server.js'), '--stdio'],
      env: {
        POLYTOMIC_API_URL: sandbox.url,
        POLYTOMIC_API_KEY: sandbox.keys.user,
        POLYTOMIC_ORGANIZATION_ID: '',
        POLYTOMIC_API_VERSION: '',
        POLYSYNC_FULL_SCHEMA_READ_MS: String(fullReadMs),
        POLYSYNC_LENS_USE_LINK: useLink ? '1' : '0',
      },
    },
    { pullDiagnostics: true },
  );
}

async function stateRead(client: LspClient, uri: string): Promise<void> {
  const state: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri, version: 1 } });
  if (state.kind !== 'linked') throw new Error(`the state read of a linked file answered ${JSON.stringify(state).slice(0, 300)}`);
  if (state.differences.length !== 0) throw new Error(`the untouched file shows differences: ${JSON.stringify(state.differences).slice(0, 300)}`);
}

/** Simulated hours of an open, untouched file: state reads `refreshMs` apart (start to start); sync requests made in each hour. */
async function simulatedHours(root: string, sandbox: Sandbox, text: string, hours: number, refreshesPerHour: number, refreshMs: number, fullReadMs: number, useLink: boolean): Promise<number[]> {
  const client = await startServerAgainst(root, sandbox, fullReadMs, useLink);
  try {
    const uri = 'file:///bench/wide.polysync.json';
    client.open(uri, 'polysync', 1, text);
    const counts: number[] = [];
    for (let h = 0; h < hours; h++) {
      const before = syncRequests(sandbox);
      for (let i = 0; i < refreshesPerHour; i++) {
        const start = performance.now();
        await stateRead(client, uri);
        const left = start + refreshMs - performance.now();
        if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
      }
      counts.push(syncRequests(sandbox) - before);
    }
    return counts;
  } finally {
    await client.stop();
  }
}

/** Requests of the lens's first state read and of a second one with nothing changed. */
async function lensReads(root: string, sandbox: Sandbox, text: string, useLink: boolean): Promise<{ first: number; refresh: number }> {
  const client = await startServerAgainst(root, sandbox, FULL_SCHEMA_READ_EVERY_MS, useLink);
  try {
    const uri = 'file:///bench/wide.polysync.json';
    client.open(uri, 'polysync', 1, text);
    let before = syncRequests(sandbox);
    await stateRead(client, uri);
    const first = syncRequests(sandbox) - before;
    before = syncRequests(sandbox);
    await stateRead(client, uri);
    return { first, refresh: syncRequests(sandbox) - before };
  } finally {
    await client.stop();
  }
}

/** `polysync diff` of every file under `dir`/syncs in a child process: requests, wall time and the child's CPU time. */
async function diffRun(root: string, sandbox: Sandbox, dir: string, files: number, options: { concurrency: number; reuse: boolean; readSchemas: boolean }): Promise<DiffRun> {
  const cpuFile = path.join(dir, 'cpu.json');
  const preload = path.join(dir, 'cpu-at-exit.cjs');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(cpuFile)}, JSON.stringify(process.cpuUsage())));\n`);
  sandbox.state.requests.length = 0;
  const args = ['diff', 'syncs', '--concurrency', String(options.concurrency), ...(options.readSchemas ? ['--read-schemas'] : [])];
  const env = { ...cliEnv(sandbox), POLYSYNC_CONNECTION_REUSE: options.reuse ? '1' : '0', NODE_OPTIONS: `--require ${preload}` };
  const t0 = performance.now();
  const exitCode = await runCli(path.join(root, 'dist', 'cli.js'), args, env, dir);
  const wallMs = performance.now() - t0;
  const cpu = JSON.parse(readFileSync(cpuFile, 'utf8')) as { user: number; system: number };
  return { files, ...options, requests: sandbox.state.requests.length, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, exitCode };
}

/** A linked file per sync, written from the sandbox's own store (as a pull reads it back in the mirror read-back). */
function writeFromStore(sandbox: Sandbox, dir: string, ids: string[]): void {
  mkdirSync(path.join(dir, 'syncs'), { recursive: true });
  for (const [i, id] of ids.entries()) {
    const stored = sandbox.state.stored.get(id)!;
    writeFileSync(path.join(dir, 'syncs', `sync-${i}.polysync.json`), pulledFileText({ sync: stored.sync, schemas: stored.schemas.filter((s) => s.enabled !== false) }));
  }
}

export async function measureKeepSyncCost(root: string, options: { wideFiles: number; beforeFiles: number; scale: number }): Promise<KeepSyncCost> {
  const sandbox = await startSandbox({ wideSourceTables: WIDE_SOURCE_TABLES });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polysync-bench-keep-'));
  try {
    const ids = Array.from({ length: options.wideFiles }, (_, i) => sandbox.createSync(wideSyncBody(i)).id);
    const api = new PolytomicClient({ apiKey: sandbox.keys.user, baseUrl: sandbox.url });
    const text = pulledFileText(await readLiveSync(api, ids[0]));
    writeFromStore(sandbox, dir, ids);
    if (readFileSync(path.join(dir, 'syncs', 'sync-0.polysync.json'), 'utf8') !== text) throw new Error('a file written from the sandbox store is not the pulled file');
    const schemas = (JSON.parse(text) as { schemas: unknown[] }).schemas.length;
    const now = { concurrency: DEFAULT_CONCURRENCY, reuse: true, readSchemas: false };
    const old = { concurrency: DEFAULT_CONCURRENCY, reuse: false, readSchemas: true };

    // One diff of one file, unmoved, then after a schema edit in Polytomic moved the sync's updated_at.
    const one = path.join(dir, 'one');
    mkdirSync(path.join(one, 'syncs'), { recursive: true });
    writeFileSync(path.join(one, 'syncs', 'sync-0.polysync.json'), text);
    const unmoved = { before: await diffRun(root, sandbox, one, 1, old), after: await diffRun(root, sandbox, one, 1, now) };
    for (const r of Object.values(unmoved)) if (r.exitCode !== 0) throw new Error(`polysync diff of an untouched linked file exited with ${r.exitCode}`);
    const movedId = sandbox.createSync(wideSyncBody(options.wideFiles)).id;
    const movedDir = path.join(dir, 'moved');
    writeFromStore(sandbox, movedDir, [movedId]);
    sandbox.editSchema(movedId, wideTableId(7), (schema) => {
      schema.tracking_field = 'created_at';
    });
    const moved = { before: await diffRun(root, sandbox, movedDir, 1, old), after: await diffRun(root, sandbox, movedDir, 1, now) };

    // Many files with latency added to each answer: before on a few (every schema read, a connection
    // per request), now on all of them, at the default concurrency and the largest, reuse on and off.
    sandbox.setFault({ type: 'latency', phase: 'before-headers', ms: LATENCY_MS });
    const fewDir = path.join(dir, 'few');
    writeFromStore(sandbox, fewDir, ids.slice(0, options.beforeFiles));
    const wideBefore = await diffRun(root, sandbox, fewDir, options.beforeFiles, old);
    const wideRuns: DiffRun[] = [];
    for (const run of [now, { ...now, reuse: false }, { ...now, concurrency: 8 }]) wideRuns.push(await diffRun(root, sandbox, dir, options.wideFiles, run));
    sandbox.setFault(null);

    // The lens: before (every state read asks for every schema, kept or read) and now.
    const lensBefore = await lensReads(root, sandbox, text, false);
    const lensAfter = await lensReads(root, sandbox, text, true);
    // An hour's requests: its full reads at the cost of one, the other state reads at a refresh's.
    const hour = (fromOpen: boolean, startMs: number, full: number, refresh: number) => {
      const h = hourOfRefreshes(REFRESH_MS, FULL_SCHEMA_READ_EVERY_MS, { fromOpen, startMs });
      return h.fullReads * full + (h.refreshes - h.fullReads) * refresh;
    };
    // Before, the first state read was a full read; now a full read is a refresh plus every schema.
    const fullNow = lensAfter.refresh + schemas;
    const hourly = {
      before: { first: hour(true, 0, lensBefore.first, lensBefore.refresh), later: hour(true, HOUR_MS, lensBefore.first, lensBefore.refresh) },
      after: { first: hour(false, 0, fullNow, lensAfter.refresh), later: hour(false, HOUR_MS, fullNow, lensAfter.refresh) },
    };
    const refreshes = hourOfRefreshes(REFRESH_MS, FULL_SCHEMA_READ_EVERY_MS).refreshes;
    const scaledRefresh = REFRESH_MS * options.scale;
    const scaledPeriod = FULL_SCHEMA_READ_EVERY_MS * options.scale;
    const [before] = await simulatedHours(root, sandbox, text, 1, refreshes, scaledRefresh, scaledPeriod, false);
    const [afterFirst, afterSecond] = await simulatedHours(root, sandbox, text, 2, refreshes, scaledRefresh, scaledPeriod, true);
    return {
      schemas,
      diffUnmoved: { before: unmoved.before.requests, after: unmoved.after.requests },
      diffMoved: { before: moved.before.requests, after: moved.after.requests },
      lensFirst: { before: lensBefore.first, after: lensAfter.first },
      lensRefresh: { before: lensBefore.refresh, after: lensAfter.refresh },
      refreshMs: REFRESH_MS,
      fullReadMs: FULL_SCHEMA_READ_EVERY_MS,
      hourly,
      measured: { scale: options.scale, refreshes, before, afterFirst, afterSecond },
      wideBefore,
      wideRuns,
    };
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
