// Bulk sync files for the CLI tests: one clean, one with two errors (both fixable), one with a warning.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

export const GOOD = `{
  // HubSpot contacts into Postgres
  "name": "HubSpot to Postgres",
  "mode": "replicate",
  "source_connection_id": "3f9e2d41-8c7b-4a6e-b5d0-1c2e3f4a5b60",
  "destination_connection_id": "c5d7e9f1-3a5b-4c7d-9e1f-2a4b6c8d0e90",
  "destination_configuration": { "schema": "hubspot" },
  "default_schedule": { "frequency": "hourly", "minute": "15" }
}
`;
export const BAD = GOOD.replace('"replicate"', '"replciate"').replace('"minute": "15"', '"minute": 15');
export const WARN = GOOD.replace('"minute": "15"', '"minute": "15", "day_of_week": "3"');

export interface SyncRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node dist/cli.js ARGS` in `cwd`, with `input` on standard input and `env` added to this process's. */
export function cli(args: string[], cwd: string, options: { input?: string | Buffer; env?: Record<string, string | undefined> } = {}): SyncRun {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.GITHUB_WORKSPACE;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, input: options.input ?? '', encoding: 'utf8', timeout: 20_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
