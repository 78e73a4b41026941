// What `polysync check` prints: SARIF (validated by Microsoft's SARIF Multitool and the SARIF 2.1.0
// schema), JSON totals, GitHub paths from the repository root, --quiet, --max-warnings, format names
// in any case, usage errors, and the VS Code problem matcher over the text output.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { BAD, cli, GOOD, WARN } from './fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const MULTITOOL_DIR = path.join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux');

/** Runs the SARIF Multitool's validate command; returns the error-level results it reports. */
function multitoolErrors(file: string, work: string): string[] {
  const out = path.join(work, `${path.basename(file)}.validation.sarif`);
  const r = spawnSync(path.join(MULTITOOL_DIR, 'Sarif.Multitool'), ['validate', file, '-o', out, '--log', 'ForceOverwrite', '-j', path.join(MULTITOOL_DIR, 'sarif-2.1.0.json')], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
  });
  assert.equal(r.status, 0, `Sarif.Multitool validate: ${r.error?.message ?? ''}${r.stdout}${r.stderr}`);
  const log = JSON.parse(readFileSync(out, 'utf8'));
  return log.runs[0].results.filter((x: { level?: string }) => x.level === 'error').map((x: { ruleId: string }) => x.ruleId);
}

describe('polysync check output', () => {
  let repo: string;
  let sub: string;
  before(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'polysync-cli-output-'));
    spawnSync('git', ['init', '-q'], { cwd: repo });
    sub = path.join(repo, 'infra', 'syncs');
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, 'good.polysync.json'), GOOD);
    writeFileSync(path.join(sub, 'bad.polysync.json'), BAD);
    writeFileSync(path.join(sub, 'warn.polysync.json'), WARN);
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  test('--format sarif is valid SARIF 2.1.0 (Multitool and JSON schema), with rules, help and repository paths', () => {
    const r = cli(['check', '--format', 'sarif', '.'], sub);
    assert.equal(r.code, 1, r.stderr);
    const log: any = JSON.parse(r.stdout);
    const file = path.join(repo, 'polysync.sarif');
    writeFileSync(file, r.stdout);

    const schema = JSON.parse(readFileSync(path.join(MULTITOOL_DIR, 'sarif-2.1.0.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const validate = ajv.compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.deepEqual(multitoolErrors(file, repo), []);

    const run = JSON.parse(r.stdout).runs[0];
    const rules = run.tool.driver.rules;
    assert.equal(run.tool.driver.name, 'polysync');
    assert.ok(rules.length >= 30);
    const byResult = run.results.map((x: any) => ({
      ruleId: x.ruleId,
      rule: rules[x.ruleIndex].id,
      level: x.level,
      uri: x.locations[0].physicalLocation.artifactLocation.uri,
      line: x.locations[0].physicalLocation.region.startLine,
      column: x.locations[0].physicalLocation.region.startColumn,
    }));
    assert.deepEqual(byResult, [
      { ruleId: 'PS104', rule: 'PS104', level: 'error', uri: 'infra/syncs/bad.polysync.json', line: 4, column: 11 },
      { ruleId: 'PS110', rule: 'PS110', level: 'error', uri: 'infra/syncs/bad.polysync.json', line: 8, column: 58 },
      { ruleId: 'PS204', rule: 'PS204', level: 'warning', uri: 'infra/syncs/warn.polysync.json', line: 8, column: 64 },
    ]);
    const ps104 = rules.find((x: any) => x.id === 'PS104');
    assert.equal(ps104.shortDescription.text, 'Value not allowed');
    // No public home is named in package.json, so no link is invented; the help says where the docs are.
    assert.equal(ps104.helpUri, undefined);
    assert.match(ps104.help.text, /docs\/diagnostics\.md/);
    assert.equal(ps104.defaultConfiguration.level, 'error');
  });

  test('the SARIF checks can fail: a log missing required parts is refused by both', () => {
    const log = JSON.parse(cli(['check', '--format', 'sarif', '.'], sub).stdout);
    delete log.runs[0].tool.driver.name;
    log.runs[0].results[0].level = 'fatal';
    const file = path.join(repo, 'broken.sarif');
    writeFileSync(file, JSON.stringify(log));
    const errors = multitoolErrors(file, repo);
    // JSON1002: a required property is missing; JSON1019: a value outside its enum.
    assert.deepEqual(errors.sort(), ['JSON1002', 'JSON1019']);
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(JSON.parse(readFileSync(path.join(MULTITOOL_DIR, 'sarif-2.1.0.json'), 'utf8')));
    assert.equal(validate(log), false);
  });

  test('--format json has a format version and totals (files, errors, warnings, fixable)', () => {
    const r = cli(['check', '--format', 'json', '.'], sub);
    const out = JSON.parse(r.stdout);
    assert.equal(out.formatVersion, 1);
    assert.deepEqual(out.totals, { files: 3, unreadable: 0, errors: 2, warnings: 1, fixable: 2 });
    const clean = JSON.parse(cli(['check', '--format', 'json', 'good.polysync.json'], sub).stdout);
    assert.deepEqual(clean.totals, { files: 1, unreadable: 0, errors: 0, warnings: 0, fixable: 0 });
  });

  test('--format github names files from the repository root: GITHUB_WORKSPACE, else the git top level', () => {
    const fromGit = cli(['check', '--format', 'github', 'bad.polysync.json'], sub);
    assert.match(fromGit.stdout, /^::error file=infra\/syncs\/bad\.polysync\.json,line=4,col=11,/m);
    const fromWorkspace = cli(['check', '--format', 'github', 'bad.polysync.json'], sub, { env: { GITHUB_WORKSPACE: path.join(repo, 'infra') } });
    assert.match(fromWorkspace.stdout, /^::error file=syncs\/bad\.polysync\.json,line=4,col=11,/m);
  });

  test('format names are case-insensitive', () => {
    assert.equal(JSON.parse(cli(['check', '--format', 'JSON', 'good.polysync.json'], sub).stdout).formatVersion, 1);
    assert.equal(JSON.parse(cli(['check', '--format=Sarif', 'good.polysync.json'], sub).stdout).version, '2.1.0');
    assert.match(cli(['check', '--format', 'GitHub', 'warn.polysync.json'], sub).stdout, /^::warning /m);
  });

  test('--quiet reports errors only; --max-warnings N fails past N warnings', () => {
    const quiet = cli(['check', '--quiet', '.'], sub);
    assert.equal(quiet.code, 1);
    assert.doesNotMatch(quiet.stdout, /warning PS/);
    assert.match(quiet.stdout, /error PS104/);
    assert.equal(cli(['check', '-q', 'warn.polysync.json'], sub).stdout, '1 file checked: 0 errors, 0 warnings.\n');
    const over = cli(['check', '--max-warnings', '0', 'warn.polysync.json'], sub);
    assert.equal(over.code, 1);
    assert.equal(over.stderr, 'polysync check: 1 warning, more than --max-warnings 0 allows\n');
    assert.equal(cli(['check', '--max-warnings', '1', 'warn.polysync.json'], sub).code, 0);
    assert.equal(cli(['check', '--max-warnings=0', '--quiet', 'warn.polysync.json'], sub).code, 1, 'warnings hidden by --quiet still count');
    assert.equal(cli(['check', 'warn.polysync.json'], sub).code, 0, 'without --max-warnings, warnings pass');
  });

  test('usage errors: two lines on standard error, nothing on standard output, exit 2', () => {
    const cases: [string[], string][] = [
      [['check', '--strict'], 'polysync check: unknown option --strict\nRun "polysync check --help" for more.\n'],
      [['check', '--format'], 'polysync check: option --format needs a value\nRun "polysync check --help" for more.\n'],
      [['check', '--format', '--quiet'], 'polysync check: option --format needs a value\nRun "polysync check --help" for more.\n'],
      [['check', '--fix=yes'], 'polysync check: option --fix takes no value\nRun "polysync check --help" for more.\n'],
      [['check', '--format', 'xml'], 'polysync check: unknown format "xml": use text, json, github, sarif\nRun "polysync check --help" for more.\n'],
      [['check', '--max-warnings', 'some'], 'polysync check: --max-warnings takes a whole number of 0 or more (got "some")\nRun "polysync check --help" for more.\n'],
      [['fmt', '--indent', 'wide'], 'polysync fmt: --indent takes a number of spaces from 1 to 16, or "tab" (got "wide")\nRun "polysync fmt --help" for more.\n'],
      [['create'], 'polysync create: name the file to create, e.g. polysync create my-sync.polysync.json\nRun "polysync create --help" for more.\n'],
      [[], 'polysync: name a command: check, fmt, create, pull, link, diff, plan, apply, run, status\nRun "polysync --help" for more.\n'],
      [['lint'], 'polysync: unknown command "lint"; the commands are check, fmt, create, pull, link, diff, plan, apply, run, status\nRun "polysync --help" for more.\n'],
      [['help', 'lint'], 'polysync help: unknown command "lint"\nRun "polysync --help" for more.\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = cli(args, sub);
      assert.deepEqual({ code: r.code, stdout: r.stdout, stderr: r.stderr }, { code: 2, stdout: '', stderr }, `polysync ${args.join(' ')}`);
    }
  });

  test('"polysync help COMMAND" and "polysync COMMAND --help" show the command\'s help', () => {
    for (const name of ['check', 'fmt', 'create']) {
      const viaHelp = cli(['help', name], sub);
      const viaFlag = cli([name, '--help'], sub);
      assert.equal(viaHelp.code, 0);
      assert.equal(viaHelp.stdout, viaFlag.stdout);
      assert.match(viaHelp.stdout, new RegExp(`^Usage: polysync ${name} `));
    }
    assert.match(cli(['help'], sub).stdout, /polysync fmt \[options\]/);
  });

  test('the VS Code problem matcher in package.json reads every line of the text output', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const matcher = manifest.contributes.problemMatchers.find((m: { name: string }) => m.name === 'polysync');
    const regexp = new RegExp(matcher.pattern.regexp);
    const text = cli(['check', '.'], sub).stdout.trim().split('\n');
    const json = JSON.parse(cli(['check', '--format', 'json', '.'], sub).stdout);
    const expected = json.files.flatMap((f: any) => f.diagnostics.map((d: any) => [f.file, String(d.line), String(d.column), d.severity, d.code, d.message]));
    const matched = text.map((line) => regexp.exec(line)).filter((m): m is RegExpExecArray => m !== null);
    const p = matcher.pattern;
    assert.deepEqual(matched.map((m) => [m[p.file], m[p.line], m[p.column], m[p.severity], m[p.code], m[p.message]]), expected);
    assert.equal(matched.length, text.length - 1, 'every line but the summary is a problem');
    const task = manifest.contributes.taskDefinitions.find((t: { type: string }) => t.type === 'polysync');
    assert.deepEqual(task.properties.command.enum, ['check']);
  });
});
