// The npm package (`npm pack`, published by the release workflow): only the bundled language server,
// the CLI, the schema and the examples, and both commands run from the unpacked package with no
// node_modules at all. The GitHub Action and the pre-commit hooks install this package and nothing else.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  let tarball: string;
  before(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'polysync-npm-pack-'));
    // --ignore-scripts: packs the dist/ this test run built, instead of rebuilding it under the other tests.
    const pack = spawnSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(pack.status, 0, pack.stderr);
    const [{ filename }] = JSON.parse(pack.stdout) as { filename: string }[];
    tarball = path.join(work, filename);
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', work], { encoding: 'utf8' });
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
    const manifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.dependencies, undefined, 'the bundles need nothing installed beside them');
    assert.equal(manifest.private, undefined, 'publishable');
    assert.equal(manifest.name, 'polysync');
    assert.deepEqual(manifest.bin, { polysync: './dist/cli.js', 'polysync-language-server': './dist/server.js' });
    assert.deepEqual(manifest.engines, { vscode: '^1.100.0', node: '>=20' });
    // vsce refuses a package.json "files" list next to .vscodeignore, so the npm list is .npmignore.
    assert.equal(manifest.files, undefined);
    const bytes = statSync(tarball).size;
    assert.ok(bytes < 1024 * 1024, `${bytes} bytes packed`);
    console.log(`npm package: ${path.basename(tarball)}, ${(bytes / 1024).toFixed(0)} KB packed`);
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

  test('the Action and the pre-commit entry install this package alone and run its CLI', () => {
    // A checkout of the action as GitHub makes it: the scripts and package.json, no dist/, no node_modules.
    const action = path.join(work, 'action-checkout');
    mkdirSync(path.join(action, 'action'), { recursive: true });
    for (const name of ['check.sh', 'resolve-cli.sh', 'pre-commit.sh']) copyFileSync(path.join(ROOT, 'action', name), path.join(action, 'action', name));
    copyFileSync(path.join(ROOT, 'package.json'), path.join(action, 'package.json'));
    const repo = path.join(work, 'repo');
    mkdirSync(repo);
    copyFileSync(path.join(ROOT, 'examples', 'hubspot-to-postgres.polysync.json'), path.join(repo, 'good.polysync.json'));
    writeFileSync(path.join(repo, 'bad.polysync.json'), '{ "name": "x", "mode": "replica" }\n');
    const runnerTemp = path.join(work, 'runner-temp');
    mkdirSync(runnerTemp);
    const env: NodeJS.ProcessEnv = { ...process.env, POLYSYNC_CODE_CACHE: 'off', GITHUB_ACTION_PATH: action, GITHUB_WORKSPACE: repo, RUNNER_TEMP: runnerTemp, POLYSYNC_PACKAGE: tarball, POLYSYNC_PATHS: 'good.polysync.json', POLYSYNC_MAX_WARNINGS: '', POLYSYNC_SARIF_FILE: '' };
    delete env.GITHUB_OUTPUT;

    const good = spawnSync('bash', [path.join(action, 'action', 'check.sh')], { cwd: repo, env, encoding: 'utf8', timeout: 120_000 });
    assert.equal(good.status, 0, good.stdout + good.stderr);
    const installed = path.join(runnerTemp, 'polysync-cli', 'node_modules');
    assert.deepEqual(readdirSync(installed).filter((n) => !n.startsWith('.')), ['polysync'], 'the package and nothing else');
    assert.match(good.stdout, /^polysync \d+\.\d+\.\d+ from .*polysync-cli\/node_modules\/polysync\/dist\/cli\.js$/m);
    const bad = spawnSync('bash', [path.join(action, 'action', 'check.sh')], { cwd: repo, env: { ...env, POLYSYNC_PATHS: 'bad.polysync.json' }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /^::error file=bad\.polysync\.json,line=1/m);

    // The pre-commit entry, as pre-commit runs it from its clone of the hook repository.
    const cache = path.join(work, 'cache');
    const hookEnv: NodeJS.ProcessEnv = { ...process.env, POLYSYNC_CODE_CACHE: 'off', XDG_CACHE_HOME: cache, POLYSYNC_PACKAGE: tarball };
    const hook = spawnSync(path.join(action, 'action', 'pre-commit.sh'), ['check', 'good.polysync.json', 'bad.polysync.json'], { cwd: repo, env: hookEnv, encoding: 'utf8', timeout: 120_000 });
    assert.equal(hook.status, 1, hook.stdout + hook.stderr);
    assert.match(hook.stdout, /^bad\.polysync\.json:1:\d+: error PS\d+/m);
    assert.doesNotMatch(hook.stdout, /good\.polysync\.json:/);
    const cached = readdirSync(path.join(cache, 'polysync', 'cli'));
    assert.equal(cached.length, 1);
    assert.deepEqual(readdirSync(path.join(cache, 'polysync', 'cli', cached[0], 'node_modules')).filter((n) => !n.startsWith('.')), ['polysync']);

    // A package that cannot be installed is a clear error with exit 2, not a crash or a pass.
    const missing = spawnSync(path.join(action, 'action', 'pre-commit.sh'), ['check', 'good.polysync.json'], { cwd: repo, env: { ...hookEnv, POLYSYNC_PACKAGE: path.join(work, 'no-such.tgz') }, encoding: 'utf8', timeout: 120_000 });
    assert.equal(missing.status, 2, missing.stdout + missing.stderr);
    assert.match(missing.stderr, /polysync: could not install .*no-such\.tgz with npm/);
  });
});
