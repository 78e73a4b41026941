// The npm package (`npm pack`): only the bundled language server, the CLI, the schema and the examples,
// and both commands run from the unpacked package with no node_modules at all.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

describe('npm package', () => {
  let work: string;
  let unpacked: string;
  before(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'polysync-npm-pack-'));
    // --ignore-scripts: packs the dist/ this test run built, instead of rebuilding it under the other tests.
    const pack = spawnSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(pack.status, 0, pack.stderr);
    const [{ filename }] = JSON.parse(pack.stdout) as { filename: string }[];
    const untar = spawnSync('tar', ['-xzf', path.join(work, filename), '-C', work], { encoding: 'utf8' });
    assert.equal(untar.status, 0, untar.stderr);
    unpacked = path.join(work, 'package');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('holds the commands, the schema, the examples and nothing else', () => {
    const examples = readdirSync(path.join(ROOT, 'examples')).filter((n) => n.endsWith('.polysync.json')).map((n) => `examples/${n}`);
    assert.deepEqual(
      filesUnder(unpacked).sort(),
      ['LICENSE', 'README.md', 'dist/cli.js', 'dist/server-core.js', 'dist/server.js', 'docs/diagnostics.md', ...examples, 'package.json', 'schemas/bulk-sync.schema.json', 'schemas/polysync.config.schema.json'].sort(),
    );
    const manifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as { dependencies?: object; bin: Record<string, string> };
    assert.equal(manifest.dependencies, undefined, 'the bundles need nothing installed beside them');
    assert.deepEqual(manifest.bin, { polysync: './dist/cli.js', 'polysync-language-server': './dist/server.js' });
  });

  test('both commands run from the unpacked package', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, POLYSYNC_CODE_CACHE: 'off' };
    delete env.NODE_OPTIONS;
    const server = spawnSync(process.execPath, [path.join(unpacked, 'dist', 'server.js'), '--version'], { cwd: work, env, encoding: 'utf8', timeout: 20_000 });
    assert.equal(server.status, 0, server.stderr);
    assert.match(server.stdout, /^polysync-language-server \d+\.\d+\.\d+/);
    const check = spawnSync(process.execPath, [path.join(unpacked, 'dist', 'cli.js'), 'check', path.join(unpacked, 'examples')], { cwd: work, env, encoding: 'utf8', timeout: 20_000 });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const count = readdirSync(path.join(unpacked, 'examples')).length;
    assert.match(check.stdout, new RegExp(`^${count} files checked: 0 errors, 0 warnings\\.`, 'm'));
  });
});
