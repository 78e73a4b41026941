// Runs the test suite with Node's own test runner over the TypeScript sources (via tsx).
// Usage: node test/run.mjs [unit|lsp|api|cli|...]  (default: every folder except e2e and bench)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const all = ['unit', 'lsp', 'cli', 'api', 'web'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : all;

function findTests(dir) {
  const out = [];
  let entries = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries.sort()) {
    const full = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

// The lsp, cli and e2e tests drive the bundles in dist/, so build them first.
const build = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

const files = wanted.flatMap((w) => findTests(join(root, 'test', w)));
if (files.length === 0) {
  console.error(`no test files found in: ${wanted.join(', ')}`);
  process.exit(1);
}
// Servers started by the tests keep their V8 code cache here, not in the user's cache directory.
const cacheDir = mkdtempSync(join(tmpdir(), 'polysync-test-cache-'));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, POLYSYNC_CACHE_DIR: cacheDir },
});
rmSync(cacheDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
