// A CLI test suite on the sandbox in both read-back modes: MIRROR (a sync reads back as sent) and
// REALISTIC (defaults filled in, "" schedule fields, ids, a cache refresh per new sync...). Each test
// gets its own folder; `sent` and `writes` read the sandbox's request log.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe } from 'node:test';
import { ordersToSnowflake } from '../sandbox/fixtures';
import { MIRROR, REALISTIC, type ReadBack } from '../sandbox/readBack';
import { type RecordedRequest, type Sandbox, startSandbox } from '../sandbox/server';
import { type Run, runCli } from './runCli';

export const MODES: [string, ReadBack][] = [
  ['mirror', { ...MIRROR, putKeeps: [] }],
  ['realistic', { ...REALISTIC, putKeeps: [...REALISTIC.putKeeps] }],
];

export const BODY = ordersToSnowflake();

/** The file of BODY as a person writes it: with a comment, unlinked. */
export const UNLINKED = `{
  // Orders into the warehouse
${Object.entries(BODY).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}
}
`;

export interface KeepContext {
  readonly sandbox: Sandbox;
  readonly mode: string;
  readonly dir: string;
  cli(args: string[], extra?: Record<string, string | undefined>): Promise<Run>;
  read(name: string): string;
  write(name: string, text: string): void;
  /** Requests that change something: anything but GET. */
  writes(): RecordedRequest[];
  /** Forgets the requests so far, keeping the syncs. */
  forget(): void;
  /** A sync made in the sandbox, pulled into `name`; answers its id. */
  pulled(name: string, body?: Record<string, unknown>): Promise<string>;
}

/** `describe(title)` once per mode, with a fresh folder per test. */
export function inBothModes(title: string, body: (ctx: KeepContext) => void, options: { executionsMs?: number } = {}): void {
  for (const [mode, readBack] of MODES) {
    describe(`${title} (${mode} read-back)`, () => {
      let sandbox: Sandbox;
      let root: string;
      let dir = '';
      let n = 0;
      let env: Record<string, string> = {};
      const ctx: KeepContext = {
        get sandbox() {
          return sandbox;
        },
        mode,
        get dir() {
          return dir;
        },
        cli: (args, extra = {}) => runCli(args, { ...env, ...extra }, dir, [sandbox.keys.user]),
        read: (name) => readFileSync(path.join(dir, name), 'utf8'),
        write: (name, text) => {
          mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
          writeFileSync(path.join(dir, name), text);
        },
        writes: () => sandbox.state.requests.filter((r) => r.method !== 'GET'),
        forget: () => {
          sandbox.state.requests.length = 0;
        },
        pulled: async (name, syncBody = BODY) => {
          const sync = sandbox.createSync(structuredClone(syncBody));
          const r = await ctx.cli(['pull', sync.id, '-o', name]);
          assert.equal(r.code, 0, r.stderr);
          return sync.id;
        },
      };
      before(async () => {
        sandbox = await startSandbox({ readBack, executions: { durationMs: options.executionsMs ?? 400 } });
        root = mkdtempSync(path.join(tmpdir(), `polysync-${mode}-`));
        env = { POLYTOMIC_API_KEY: sandbox.keys.user, POLYTOMIC_API_URL: sandbox.url };
      });
      beforeEach(() => {
        sandbox.reset();
        sandbox.setExecutionPlan({ durationMs: options.executionsMs ?? 400, outcome: 'completed' });
        dir = path.join(root, `case-${++n}`);
        mkdirSync(dir);
      });
      after(async () => {
        await sandbox.close();
        rmSync(root, { recursive: true, force: true });
      });
      body(ctx);
    });
  }
}
