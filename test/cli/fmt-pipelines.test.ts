// `polysync fmt` and `fmt --check` on real files, and the pipeline definitions that run the CLI:
// .pre-commit-hooks.yaml and the GitHub Action's step script, run here as their runners would.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { load } from 'js-yaml';
import { BAD, cli, CLI } from './fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
// GOOD with its layout spoiled: odd indentation, no spaces after colons, a cramped object. Comments stay.
const MESSY = `{
      // HubSpot contacts into Postgres
  "name":"HubSpot to Postgres",
    "mode": "replicate",
  "source_connection_id": "3f9e2d41-8c7b-4a6e-b5d0-1c2e3f4a5b60",
  "destination_connection_id": "c5d7e9f1-3a5b-4c7d-9e1f-2a4b6c8d0e90",
  "destination_configuration": {"schema": "hubspot"},
  "default_schedule": { "frequency":"hourly", "minute": "15" }
}
`;
// What the formatter makes of both (as Format Document does with default options: one property a line).
const TIDY = `{
  // HubSpot contacts into Postgres
  "name": "HubSpot to Postgres",
  "mode": "replicate",
  "source_connection_id": "3f9e2d41-8c7b-4a6e-b5d0-1c2e3f4a5b60",
  "destination_connection_id": "c5d7e9f1-3a5b-4c7d-9e1f-2a4b6c8d0e90",
  "destination_configuration": {
    "schema": "hubspot"
  },
  "default_schedule": {
    "frequency": "hourly",
    "minute": "15"
  }
}
`;
const old = new Date(Math.floor(Date.now() / 1000 - 60) * 1000);

describe('polysync fmt', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'polysync-cli-fmt-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string | Buffer) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    utimesSync(file, old, old);
    return file;
  };

  test('formats as the editor does, keeps comments, writes only the files that change and names them', () => {
    const messy = write('messy.polysync.json', MESSY);
    const tidy = write('tidy.polysync.json', TIDY);
    const bom = write('bom.polysync.json', '\uFEFF' + MESSY.replace(/\n/g, '\r\n'));
    const r = cli(['fmt', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'formatted bom.polysync.json\nformatted messy.polysync.json\n');
    assert.equal(readFileSync(messy, 'utf8'), TIDY);
    assert.equal(readFileSync(bom, 'utf8'), '\uFEFF' + readFileSync(messy, 'utf8').replace(/\n/g, '\r\n'), 'byte order mark and line ends kept');
    assert.equal(readFileSync(tidy, 'utf8'), TIDY);
    assert.equal(statSync(tidy).mtimeMs, old.getTime(), 'a formatted file is not written');
    const again = cli(['fmt', '.'], dir);
    assert.deepEqual([again.code, again.stderr], [0, ''], 'formatting is stable');
  });

  test('--check changes nothing, lists the files that are not formatted and exits 1', () => {
    const messy = write('messy.polysync.json', MESSY);
    const r = cli(['fmt', '--check', '.'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'messy.polysync.json\n');
    assert.equal(r.stderr, 'polysync fmt: 1 file is not formatted; run polysync fmt to format it\n');
    assert.equal(readFileSync(messy, 'utf8'), MESSY);
    assert.equal(statSync(messy).mtimeMs, old.getTime());
    const clean = cli(['fmt', '--check', 'tidy.polysync.json'], dir);
    assert.deepEqual([clean.code, clean.stdout, clean.stderr], [0, '', '']);
  });

  test('--indent, and "-" formats standard input to standard output', () => {
    const out = cli(['fmt', '--indent', '4', '-'], dir, { input: MESSY });
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^\{\n {4}\/\/ HubSpot contacts into Postgres\n {4}"name": "HubSpot to Postgres",\n/);
    const tabs = cli(['fmt', '--indent', 'tab', '-'], dir, { input: TIDY });
    assert.match(tabs.stdout, /^\{\n\t\/\/ HubSpot/);
    const check = cli(['fmt', '--check', '-', '--stdin-filename', 'piped.polysync.json'], dir, { input: MESSY });
    assert.deepEqual([check.code, check.stdout], [1, 'piped.polysync.json\n']);
  });

  test('a file with a syntax error or that is not UTF-8 is left as it is, with a located error (exit 2)', () => {
    const broken = write('broken.polysync.json', '{\n  "name": "x",\n  "mode" "replicate"\n}\n');
    write('binary.polysync.json', Buffer.from([0x7b, 0x00, 0x7d]));
    const r = cli(['fmt', 'broken.polysync.json', 'binary.polysync.json'], dir);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'broken.polysync.json: error: has a syntax error at 3:10; fix it (polysync check shows it) before formatting\n' +
        'binary.polysync.json: error: not UTF-8 text: it looks binary (a NUL byte at line 1, byte 2 of the line)\n',
    );
    assert.equal(readFileSync(broken, 'utf8'), '{\n  "name": "x",\n  "mode" "replicate"\n}\n');
  });
});

describe('pipelines', () => {
  let repo: string;
  before(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'polysync-cli-pipelines-'));
    spawnSync('git', ['init', '-q'], { cwd: repo });
    mkdirSync(path.join(repo, 'infra', 'syncs'), { recursive: true });
    writeFileSync(path.join(repo, 'infra', 'syncs', 'bad.polysync.json'), BAD);
    writeFileSync(path.join(repo, 'infra', 'syncs', 'messy.polysync.json'), MESSY);
    writeFileSync(path.join(repo, 'infra', 'README.md'), '# not a sync\n');
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  test('each pre-commit hook runs on the files its pattern selects, and fails on what it should', () => {
    const hooks = load(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; files: string; language: string }[];
    assert.deepEqual(hooks.map((h) => h.id), ['polysync-check', 'polysync-fmt']);
    const staged = ['infra/README.md', 'infra/syncs/bad.polysync.json', 'infra/syncs/messy.polysync.json'];
    const outcome: Record<string, { code: number | null; output: string }> = {};
    for (const hook of hooks) {
      // pre-commit's `script` language runs the entry from the hook repository with no install step;
      // its `node` language would install every development dependency.
      assert.equal(hook.language, 'script');
      const [command, ...args] = hook.entry.split(' ');
      assert.equal(command, 'action/pre-commit.sh');
      assert.ok(statSync(path.join(ROOT, command)).mode & 0o100, 'pre-commit runs the entry as an executable');
      const files = staged.filter((f) => new RegExp(hook.files).test(f));
      assert.deepEqual(files, staged.slice(1));
      // The entry finds this checkout's built dist/cli.js; npm-package.test.ts covers the install from the package.
      const r = spawnSync(path.join(ROOT, command), [...args, ...files], { cwd: repo, encoding: 'utf8', timeout: 30_000 });
      outcome[hook.id] = { code: r.status, output: r.stdout + r.stderr };
    }
    assert.equal(outcome['polysync-check'].code, 1);
    assert.match(outcome['polysync-check'].output, /infra\/syncs\/bad\.polysync\.json:4:11: error PS104/);
    assert.equal(outcome['polysync-fmt'].code, 1);
    assert.match(outcome['polysync-fmt'].output, /^infra\/syncs\/messy\.polysync\.json$/m);
  });

  test('the GitHub Action: its step runs the script, which annotates from the repository root and writes SARIF', () => {
    const action = load(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as any;
    assert.equal(action.runs.using, 'composite');
    const step = action.runs.steps.find((s: { id?: string }) => s.id === 'check');
    assert.equal(step.run, 'bash "$GITHUB_ACTION_PATH/action/check.sh"');
    const script = readFileSync(path.join(ROOT, 'action', 'check.sh'), 'utf8');
    for (const name of Object.keys(step.env)) assert.ok(script.includes(name), `the script reads ${name}`);
    assert.ok(statSync(CLI).isFile(), 'the CLI is built, so the script runs this checkout\'s dist/cli.js');

    const output = path.join(repo, 'github-output');
    writeFileSync(output, '');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_WORKSPACE: repo,
      GITHUB_OUTPUT: output,
      POLYSYNC_PATHS: 'syncs/*.polysync.json',
      POLYSYNC_MAX_WARNINGS: '',
      POLYSYNC_SARIF_FILE: 'polysync.sarif',
    };
    const r = spawnSync('bash', [path.join(ROOT, 'action', 'check.sh')], { cwd: path.join(repo, 'infra'), env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^::error file=infra\/syncs\/bad\.polysync\.json,line=4,col=11,endLine=4,endColumn=22,title=polysync PS104::/m);
    const sarif = JSON.parse(readFileSync(path.join(repo, 'infra', 'polysync.sarif'), 'utf8'));
    assert.deepEqual(
      sarif.runs[0].results.map((x: any) => `${x.locations[0].physicalLocation.artifactLocation.uri} ${x.ruleId}`),
      ['infra/syncs/bad.polysync.json PS104', 'infra/syncs/bad.polysync.json PS110'],
    );
    assert.equal(readFileSync(output, 'utf8'), 'sarif-file=polysync.sarif\n');

    // A clean folder passes; --max-warnings reaches the CLI.
    const clean = spawnSync('bash', [path.join(ROOT, 'action', 'check.sh')], {
      cwd: path.join(repo, 'infra'),
      env: { ...env, POLYSYNC_PATHS: 'syncs/messy.polysync.json', POLYSYNC_SARIF_FILE: '', POLYSYNC_MAX_WARNINGS: '0' },
      encoding: 'utf8',
    });
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.equal(clean.stdout.replace(/^::group::polysync CLI\n.*\n::endgroup::\n/, ''), '', 'nothing but the CLI group: no annotation');
    const bad = spawnSync('bash', [path.join(ROOT, 'action', 'check.sh')], {
      cwd: path.join(repo, 'infra'),
      env: { ...env, POLYSYNC_SARIF_FILE: '', POLYSYNC_MAX_WARNINGS: 'x' },
      encoding: 'utf8',
    });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--max-warnings takes a whole number/);
  });
});
