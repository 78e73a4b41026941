// What keeping a sync costs the API, against the sandbox API on 127.0.0.1 (in this process, so the CLI
// and the server are spawned asynchronously): `polysync diff` over many linked files (wall time and
// requests), and for a linked sync with 300 selected schemas the requests of one `diff`, of one state
// read of the editor's lens (polysync/bulkSyncState, what the extension asks on open, on save and
// every REFRESH_MS), and per hour with the file open and untouched.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REFRESH_MS } from '../../client/src/keepSync/states';
import { PolytomicClient } from '../../server/src/api';
import { FULL_SCHEMA_READ_EVERY_MS } from '../../server/src/api/inferred';
import { DEFAULT_CONCURRENCY, pulledFileText, readLiveSync } from '../../server/src/operations';
import { IDS } from '../sandbox/fixtures';
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

export interface KeepSyncCost {
  schemas: number;
  /** Requests of one `polysync diff` of one such file. */
  diffRequests: number;
  /** `polysync diff` of `wideFiles` such files with LATENCY_MS added to each answer: wall time (median) and requests. */
  wideFiles: number;
  wideDiffMs: number;
  wideDiffRequests: number;
  /** The same for 500 files, from the measured time per request (requests x time per request). */
  projected500Ms: number;
  /** Requests of the lens's first state read (nothing kept) and of one with nothing changed. */
  lensFirst: number;
  lensRefresh: number;
  refreshMs: number;
  fullReadMs: number;
  /** Per hour, from the counts above: every refresh reading everything (before), and with kept schema reads. */
  hourlyBefore: number;
  hourlyAfter: number;
  /**
   * Measured, sync requests: `before` with every read reading every schema, `after` over one hour shrunk
   * by `scale` (refreshes and the full-read period alike; a read slower than a shrunk interval stretches
   * the hour, so under load it may hold one more full read than the hour would), and its wall time.
   */
  measured: { scale: number; refreshes: number; before: number; after: number; wallMs: number };
}

const syncRequests = (sandbox: Sandbox) => sandbox.state.requests.filter((r) => r.path.startsWith('/api/bulk/syncs/')).length;

/** The state reads an untouched open file gets in an hour: one on open, then one each REFRESH_MS; which of them re-read every schema. */
export function hourOfRefreshes(refreshMs: number, fullReadMs: number): { refreshes: number; fullReads: number } {
  let fullReads = 0;
  let lastFull = -Infinity;
  let refreshes = 0;
  for (let t = 0; t < HOUR_MS; t += refreshMs) {
    refreshes++;
    if (t - lastFull >= fullReadMs) {
      fullReads++;
      lastFull = t;
    }
  }
  return { refreshes, fullReads };
}

async function startServerAgainst(root: string, sandbox: Sandbox, fullReadMs: number): Promise<LspClient> {
  return LspClient.start(
    {
      label: 'polysync',
      command: process.execPath,
      args: [path.join(root, 'dist', 'server.js'), '--stdio'],
      env: { POLYTOMIC_API_URL: sandbox.url, POLYTOMIC_API_KEY: sandbox.keys.user, POLYTOMIC_ORGANIZATION_ID: '', POLYTOMIC_API_VERSION: '', POLYSYNC_FULL_SCHEMA_READ_MS: String(fullReadMs) },
    },
    { pullDiagnostics: true },
  );
}

async function stateRead(client: LspClient, uri: string): Promise<void> {
  const state: Json = await client.request('polysync/bulkSyncState', { textDocument: { uri, version: 1 } });
  if (state.kind !== 'linked') throw new Error(`the state read of a linked file answered ${JSON.stringify(state).slice(0, 300)}`);
  if (state.differences.length !== 0) throw new Error(`the untouched file shows differences: ${JSON.stringify(state.differences).slice(0, 300)}`);
}

/** One simulated hour of an open, untouched file: `refreshes` state reads `refreshMs` apart (start to start); sync requests made. */
async function simulatedHour(root: string, sandbox: Sandbox, text: string, refreshes: number, refreshMs: number, fullReadMs: number): Promise<{ requests: number; wallMs: number }> {
  const client = await startServerAgainst(root, sandbox, fullReadMs);
  try {
    const uri = 'file:///bench/wide.polysync.json';
    client.open(uri, 'polysync', 1, text);
    const before = syncRequests(sandbox);
    const t0 = performance.now();
    for (let i = 0; i < refreshes; i++) {
      const start = performance.now();
      await stateRead(client, uri);
      const left = start + refreshMs - performance.now();
      if (i < refreshes - 1 && left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    }
    return { requests: syncRequests(sandbox) - before, wallMs: performance.now() - t0 };
  } finally {
    await client.stop();
  }
}

export async function measureKeepSyncCost(root: string, options: { wideFiles: number; scale: number }): Promise<KeepSyncCost> {
  const sandbox = await startSandbox({ wideSourceTables: WIDE_SOURCE_TABLES });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polysync-bench-keep-'));
  try {
    const ids = Array.from({ length: options.wideFiles }, (_, i) => sandbox.createSync(wideSyncBody(i)).id);
    await writeLinkedFiles(sandbox, dir, ids);
    const text = pulledFileText(await readLiveSync(new PolytomicClient({ apiKey: sandbox.keys.user, baseUrl: sandbox.url }), ids[0]));
    const schemas = (JSON.parse(text) as { schemas: unknown[] }).schemas.length;

    // One diff of one file, then of every file with latency added to each answer.
    const one = path.join(dir, 'one');
    mkdirSync(path.join(one, 'syncs'), { recursive: true });
    writeFileSync(path.join(one, 'syncs', 'sync-0.polysync.json'), text);
    const single = await timeDiff(root, sandbox, one, 1, DEFAULT_CONCURRENCY);
    if (single.exitCode !== 0) throw new Error(`polysync diff of an untouched linked file exited with ${single.exitCode}`);
    sandbox.setFault({ type: 'latency', phase: 'before-headers', ms: LATENCY_MS });
    const wide = await timeDiff(root, sandbox, dir, 1, DEFAULT_CONCURRENCY);
    sandbox.setFault(null);

    // The lens: a first state read, then one with nothing changed (the default full-read period).
    const client = await startServerAgainst(root, sandbox, FULL_SCHEMA_READ_EVERY_MS);
    let lensFirst: number;
    let lensRefresh: number;
    try {
      const uri = 'file:///bench/wide.polysync.json';
      client.open(uri, 'polysync', 1, text);
      let before = syncRequests(sandbox);
      await stateRead(client, uri);
      lensFirst = syncRequests(sandbox) - before;
      before = syncRequests(sandbox);
      await stateRead(client, uri);
      lensRefresh = syncRequests(sandbox) - before;
    } finally {
      await client.stop();
    }
    const hour = hourOfRefreshes(REFRESH_MS, FULL_SCHEMA_READ_EVERY_MS);
    // Measured: the same hour shrunk by `scale`; "before" re-reads every schema on every refresh (period 0).
    const scaledRefresh = REFRESH_MS * options.scale;
    // Before, no time passes between reads: with a period of 0 every read reads every schema anyway.
    const measuredBefore = await simulatedHour(root, sandbox, text, hour.refreshes, 0, 0);
    const measuredAfter = await simulatedHour(root, sandbox, text, hour.refreshes, scaledRefresh, FULL_SCHEMA_READ_EVERY_MS * options.scale);
    return {
      schemas,
      diffRequests: single.requests,
      wideFiles: options.wideFiles,
      wideDiffMs: wide.samples[0],
      wideDiffRequests: wide.requests,
      projected500Ms: (wide.samples[0] / options.wideFiles) * 500,
      lensFirst,
      lensRefresh,
      refreshMs: REFRESH_MS,
      fullReadMs: FULL_SCHEMA_READ_EVERY_MS,
      hourlyBefore: hour.refreshes * lensFirst,
      hourlyAfter: hour.fullReads * lensFirst + (hour.refreshes - hour.fullReads) * lensRefresh,
      measured: { scale: options.scale, refreshes: hour.refreshes, before: measuredBefore.requests, after: measuredAfter.requests, wallMs: measuredAfter.wallMs },
    };
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
