// `polysync diff` over many linked files against the sandbox API on 127.0.0.1: wall time and the
// requests it made. The sandbox runs in this process, so the CLI is spawned asynchronously.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PolytomicClient } from '../../server/src/api';
import { pulledFileText, readLiveSync } from '../../server/src/operations';
import { IDS } from '../sandbox/fixtures';
import { startSandbox } from '../sandbox/server';

export interface DiffBenchResult {
  files: number;
  samples: number[];
  /** Requests of the last run. */
  requests: number;
  peakInFlight: number;
  exitCode: number | null;
}

function runCli(cli: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

export async function measureDiff(root: string, fileCount: number, runs: number, concurrency: number): Promise<DiffBenchResult> {
  const sandbox = await startSandbox();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polysync-bench-diff-'));
  try {
    const api = new PolytomicClient({ apiKey: sandbox.keys.user, baseUrl: sandbox.url });
    mkdirSync(path.join(dir, 'syncs'));
    for (let i = 0; i < fileCount; i++) {
      const sync = sandbox.createSync({
        name: `Orders ${i}`,
        mode: 'replicate',
        source_connection_id: IDS.ordersDb,
        destination_connection_id: IDS.snowflake,
        destination_configuration: { schema: `TEAM_${i % 20}` },
        default_schedule: { frequency: 'daily', hour: String(i % 24), minute: '0' },
        schemas: ['public.customers', { id: 'public.orders', fields: ['id', 'status', 'updated_at'], tracking_field: 'updated_at' }],
      });
      writeFileSync(path.join(dir, 'syncs', `orders-${i}.polysync.json`), pulledFileText(await readLiveSync(api, sync.id)));
    }
    const env: NodeJS.ProcessEnv = { ...process.env, POLYTOMIC_API_KEY: sandbox.keys.user, POLYTOMIC_API_URL: sandbox.url };
    const samples: number[] = [];
    let exitCode: number | null = null;
    let requests = 0;
    let peakInFlight = 0;
    for (let r = 0; r < runs; r++) {
      sandbox.state.requests.length = 0;
      sandbox.state.peakInFlight = 0;
      const t0 = performance.now();
      exitCode = await runCli(path.join(root, 'dist', 'cli.js'), ['diff', 'syncs', '--concurrency', String(concurrency)], env, dir);
      samples.push(performance.now() - t0);
      requests = sandbox.state.requests.length;
      peakInFlight = sandbox.state.peakInFlight;
    }
    return { files: fileCount, samples, requests, peakInFlight, exitCode };
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
