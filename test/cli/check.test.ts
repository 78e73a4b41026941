import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

const GOOD = `{
  // HubSpot contacts into Postgres
  "name": "HubSpot to Postgres",
  "mode": "replicate",
  "source_connection_id": "3f9e2d41-8c7b-4a6e-b5d0-1c2e3f4a5b60",
  "destination_connection_id": "c5d7e9f1-3a5b-4c7d-9e1f-2a4b6c8d0e90",
  "destination_configuration": { "schema": "hubspot" },
  "default_schedule": { "frequency": "hourly", "minute": "15" }
}
`;
const BAD = GOOD.replace('"replicate"', '"replciate"').replace('"minute": "15"', '"minute": 15');
const WARN = GOOD.replace('"minute": "15"', '"minute": "15", "day_of_week": "3"');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('polysync check', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'polysync-cli-'));
    mkdirSync(path.join(dir, 'syncs', 'nested'), { recursive: true });
    mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
    writeFileSync(path.join(dir, 'syncs', 'good.polysync.json'), GOOD);
    writeFileSync(path.join(dir, 'syncs', 'nested', 'bad.polysync.json'), BAD);
    writeFileSync(path.join(dir, 'syncs', 'warn.polysync.json'), WARN);
    writeFileSync(path.join(dir, 'syncs', 'notes.json'), '{ "not": "checked" }');
    writeFileSync(path.join(dir, 'node_modules', 'x', 'ignored.polysync.json'), BAD);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a clean file exits 0 and says so', () => {
    const r = run(['check', 'syncs/good.polysync.json'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '1 file checked: 0 errors, 0 warnings.\n');
  });

  test('warnings alone exit 0; they are printed with their location', () => {
    const r = run(['check', 'syncs/warn.polysync.json'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^syncs\/warn\.polysync\.json:8:64: warning PS204 `day_of_week` is not used by a `hourly` schedule/m);
  });

  test('a folder is searched for *.polysync.json (not node_modules); errors exit 1 as file:line:col', () => {
    const r = run(['check', 'syncs'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^syncs\/nested\/bad\.polysync\.json:4:11: error PS104 `replciate` is not a valid value for `mode`\. Did you mean `replicate`\?/m);
    assert.match(r.stdout, /^syncs\/nested\/bad\.polysync\.json:8:58: error PS110 /m);
    assert.match(r.stdout, /3 files checked: 2 errors, 1 warning\.$/m);
    assert.doesNotMatch(r.stdout, /node_modules|notes\.json/);
  });

  test('with no argument the current folder is searched', () => {
    const r = run(['check'], path.join(dir, 'syncs'));
    assert.equal(r.code, 1);
    assert.match(r.stdout, /3 files checked/);
  });

  test('globs select files', () => {
    const r = run(['check', 'syncs/**/*.polysync.json'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /3 files checked/);
    const one = run(['check', 'syncs/g*.polysync.json'], dir);
    assert.equal(one.code, 0);
    assert.match(one.stdout, /1 file checked/);
  });

  test('--format json gives every diagnostic with 1-based positions', () => {
    const r = run(['check', '--format', 'json', 'syncs/nested/bad.polysync.json'], dir);
    assert.equal(r.code, 1);
    const parsed = JSON.parse(r.stdout);
    assert.equal(parsed.files.length, 1);
    const [first, second] = parsed.files[0].diagnostics;
    assert.deepEqual(
      { severity: first.severity, code: first.code, line: first.line, column: first.column },
      { severity: 'error', code: 'PS104', line: 4, column: 11 },
    );
    assert.equal(second.code, 'PS110');
  });

  test('--format github prints workflow annotations with escaped properties', () => {
    const r = run(['check', '--format=github', 'syncs'], dir);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.includes('::error file=syncs/nested/bad.polysync.json,line=4,col=11,endLine=4,endColumn=22,title=polysync PS104::`replciate` is not a valid value for `mode`. Did you mean `replicate`? Allowed: `snapshot` or `replicate`.'), r.stdout);
    assert.ok(lines.some((l) => l.startsWith('::warning file=syncs/warn.polysync.json,line=8')));
  });

  test('bad usage and missing or unreadable files exit 2 with a clear message', () => {
    const unknownFormat = run(['check', '--format', 'xml', 'syncs'], dir);
    assert.equal(unknownFormat.code, 2);
    assert.match(unknownFormat.stderr, /unknown format "xml"/);
    const unknownOption = run(['check', '--strict'], dir);
    assert.equal(unknownOption.code, 2);
    assert.match(unknownOption.stderr, /unknown option --strict/);
    const missing = run(['check', 'nope.polysync.json'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^nope\.polysync\.json: error: no such file or folder$/m);
    assert.equal(missing.stdout, '0 files checked: 0 errors, 0 warnings.\n', 'errors go to standard error, not into the report');
    const unknownCommand = run(['lint'], dir);
    assert.equal(unknownCommand.code, 2);
    assert.match(unknownCommand.stderr, /unknown command "lint"/);
    if (process.getuid?.() !== 0) {
      const locked = path.join(dir, 'locked.polysync.json');
      writeFileSync(locked, GOOD);
      chmodSync(locked, 0o000);
      const r = run(['check', 'locked.polysync.json'], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot read file \(EACCES\)/);
    }
    const folder = run(['check', 'syncs/nested/bad.polysync.json', 'syncs/notes.json/..'], dir);
    assert.equal(folder.code, 1, 'a folder argument that exists is searched, not an error');
  });

  test('a folder with no polysync files is a usage problem, not a silent pass', () => {
    mkdirSync(path.join(dir, 'empty'), { recursive: true });
    const r = run(['check', 'empty'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no \*\.polysync\.json files in this folder/);
  });

  test('--help and --version', () => {
    const help = run(['check', '--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--format FORMAT +text \(default\), json, github \(workflow annotations\) or sarif/);
    assert.match(run(['--version'], dir).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});

describe('polysync check --fix', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'polysync-cli-fix-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('applies the fixes that need no choice, keeps comments and line ends, then checks what is left', () => {
    const crlf = BAD.replace('"hubspot" }', '"hubspot", }').replace(/\n/g, '\r\n');
    writeFileSync(path.join(dir, 'bad.polysync.json'), crlf);
    const r = run(['check', '--fix', 'bad.polysync.json'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '1 file checked: 0 errors, 0 warnings.\n');
    assert.equal(r.stderr, 'polysync check: fixed 3 problems in bad.polysync.json\n');
    assert.equal(readFileSync(path.join(dir, 'bad.polysync.json'), 'utf8'), GOOD.replace(/\n/g, '\r\n'));
  });

  test('leaves files untouched when there is nothing it may fix, and reports the rest', () => {
    const file = path.join(dir, 'warn.polysync.json');
    writeFileSync(file, WARN);
    // Whole seconds, which every filesystem stores exactly.
    const old = new Date(Math.floor(Date.now() / 1000 - 60) * 1000);
    chmodSync(file, 0o644);
    utimesSync(file, old, old);
    const r = run(['check', '--fix', 'warn.polysync.json'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /warning PS204/);
    assert.equal(r.stderr, '');
    assert.equal(readFileSync(file, 'utf8'), WARN);
    assert.equal(statSync(file).mtimeMs, old.getTime(), 'not written');
  });

  test('a file it cannot write is an error of the run, and is left as it was', (t) => {
    // Root writes read-only files anyway: then the CLI runs as `nobody` (through setpriv), from a
    // copy of the bundle in the test's own folder so that user can read it.
    const asRoot = process.getuid?.() === 0;
    const prefix = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    if (asRoot) {
      const probe = spawnSync(prefix[0], [...prefix.slice(1), process.execPath, '-e', '0'], { encoding: 'utf8' });
      if (probe.status !== 0) return t.skip(`cannot run Node as an unprivileged user here: ${probe.error?.message ?? probe.stderr.trim()}`);
    }
    const own = mkdtempSync(path.join(tmpdir(), 'polysync-cli-readonly-'));
    try {
      chmodSync(own, 0o755);
      const cli = path.join(own, 'cli.js');
      writeFileSync(cli, readFileSync(CLI));
      const file = path.join(own, 'readonly.polysync.json');
      writeFileSync(file, BAD);
      chmodSync(file, 0o444);
      const [command, ...args] = [...prefix, process.execPath, cli, 'check', '--fix', 'readonly.polysync.json'];
      const r = spawnSync(command, args, { cwd: own, encoding: 'utf8' });
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /readonly\.polysync\.json: error: cannot write the fixes \(EACCES\)/);
      assert.equal(readFileSync(file, 'utf8'), BAD);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});

describe('the bundled examples', () => {
  test('check clean with the same engine as the editor', () => {
    const r = run(['check', 'examples'], path.resolve(__dirname, '..', '..'));
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^4 files checked: 0 errors, 0 warnings\.$/m);
  });
});
