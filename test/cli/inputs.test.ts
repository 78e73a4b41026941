// What `polysync check` reads: byte order marks, standard input, every glob form, symbolic links,
// files git ignores, --ignore-pattern, and files that are not UTF-8 text.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BAD, cli, GOOD, WARN } from './fixtures';

const BOM = '\uFEFF';
const checked = (stdout: string) => Number(/^(\d+) files? checked/m.exec(stdout)?.[1]);
const namedFiles = (stdout: string) => [...new Set([...stdout.matchAll(/^([^:\n]+\.polysync\.json):\d+:\d+:/gm)].map((m) => m[1]))].sort();

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
}

describe('polysync check input', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'polysync-cli-inputs-'));
    mkdirSync(path.join(dir, 'syncs', 'nested'), { recursive: true });
    writeFileSync(path.join(dir, 'syncs', 'good.polysync.json'), GOOD);
    writeFileSync(path.join(dir, 'syncs', 'warn.polysync.json'), WARN);
    writeFileSync(path.join(dir, 'syncs', 'nested', 'bad.polysync.json'), BAD);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a UTF-8 byte order mark is dropped, as editors do: no PS001, and create accepts the file', () => {
    writeFileSync(path.join(dir, 'bom.polysync.json'), BOM + GOOD);
    const r = cli(['check', 'bom.polysync.json'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '1 file checked: 0 errors, 0 warnings.\n');
    const dry = cli(['create', 'bom.polysync.json', '--dry-run'], dir);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /"name": "HubSpot to Postgres"/);
    // Positions are those of the text without the mark.
    writeFileSync(path.join(dir, 'bom-bad.polysync.json'), BOM + BAD);
    assert.match(cli(['check', 'bom-bad.polysync.json'], dir).stdout, /^bom-bad\.polysync\.json:4:11: error PS104 /m);
  });

  test('--fix keeps the byte order mark a file had', () => {
    const file = path.join(dir, 'bom-fix.polysync.json');
    writeFileSync(file, BOM + BAD);
    const r = cli(['check', '--fix', 'bom-fix.polysync.json'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(file, 'utf8'), BOM + GOOD);
  });

  test('"-" checks standard input, named by --stdin-filename', () => {
    const r = cli(['check', '-', '--stdin-filename', 'syncs/piped.polysync.json'], dir, { input: BAD });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^syncs\/piped\.polysync\.json:4:11: error PS104 /m);
    assert.match(r.stdout, /^1 file checked: 2 errors, 0 warnings\.$/m);
    const unnamed = cli(['check', '-'], dir, { input: GOOD });
    assert.equal(unnamed.code, 0, unnamed.stderr);
    const json = JSON.parse(cli(['check', '--format', 'json', '-'], dir, { input: BOM + BAD }).stdout);
    assert.equal(json.files[0].file, '<stdin>');
    assert.equal(json.files[0].diagnostics[0].code, 'PS104');
    const both = cli(['check', 'syncs/good.polysync.json', '-'], dir, { input: WARN });
    assert.equal(checked(both.stdout), 2);
    assert.match(both.stdout, /^<stdin>:8:64: warning PS204/m);
  });

  test('standard input misused is a usage error', () => {
    const twice = cli(['check', '-', '-'], dir);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /standard input \("-"\) can be named only once/);
    const nameOnly = cli(['check', '--stdin-filename', 'x.polysync.json', 'syncs'], dir);
    assert.equal(nameOnly.code, 2);
    assert.match(nameOnly.stderr, /--stdin-filename applies only when "-"/);
    const fix = cli(['check', '--fix', '-'], dir, { input: BAD });
    assert.equal(fix.code, 2);
    assert.match(fix.stderr, /--fix cannot write to standard input/);
  });

  test('globs: **, braces, character classes, ?, absolute and ../ patterns', () => {
    const cases: [string[], string, string[]][] = [
      [['syncs/**/*.polysync.json'], dir, ['syncs/good.polysync.json', 'syncs/nested/bad.polysync.json', 'syncs/warn.polysync.json']],
      [['syncs/{good,warn}.polysync.json'], dir, ['syncs/good.polysync.json', 'syncs/warn.polysync.json']],
      [['syncs/[gw]*.polysync.json'], dir, ['syncs/good.polysync.json', 'syncs/warn.polysync.json']],
      [['syncs/[!g]*.polysync.json'], dir, ['syncs/warn.polysync.json']],
      [['syncs/????.polysync.json'], dir, ['syncs/good.polysync.json', 'syncs/warn.polysync.json']],
      [['../syncs/nested/*.polysync.json'], path.join(dir, 'syncs'), ['nested/bad.polysync.json']],
      [['../../syncs/*.polysync.json'], path.join(dir, 'syncs', 'nested'), ['../good.polysync.json', '../warn.polysync.json']],
      [['../*/b*.polysync.json'], path.join(dir, 'syncs', 'nested'), ['bad.polysync.json']],
      [[path.join(dir, 'syncs', '**', 'bad.*.json')], tmpdir(), [path.join(dir, 'syncs', 'nested', 'bad.polysync.json')]],
    ];
    for (const [args, cwd, expected] of cases) {
      const r = cli(['check', '--format', 'json', ...args], cwd);
      const files = JSON.parse(r.stdout).files.map((f: { file: string }) => f.file).sort();
      assert.deepEqual(files, expected, `polysync check ${args.join(' ')} in ${cwd}: ${r.stderr}`);
    }
    // Files are shown relative to the current folder.
    assert.deepEqual(namedFiles(cli(['check', '../nested/*.polysync.json'], path.join(dir, 'syncs', 'nested')).stdout), ['bad.polysync.json']);
  });

  test('a pattern that matches nothing says so on standard error and exits 2', () => {
    const r = cli(['check', 'syncs/[xyz]*.polysync.json'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'syncs/[xyz]*.polysync.json: error: no files match this pattern\n');
  });

  test('symbolic links: a linked file in a checked folder is checked; a folder linked to its parent does not loop', () => {
    const linked = mkdtempSync(path.join(tmpdir(), 'polysync-cli-links-'));
    try {
      mkdirSync(path.join(linked, 'real'));
      writeFileSync(path.join(linked, 'real', 'target.polysync.json'), BAD);
      mkdirSync(path.join(linked, 'syncs'));
      symlinkSync(path.join(linked, 'real', 'target.polysync.json'), path.join(linked, 'syncs', 'linked.polysync.json'));
      symlinkSync(linked, path.join(linked, 'syncs', 'loop'));
      symlinkSync(path.join(linked, 'missing.polysync.json'), path.join(linked, 'syncs', 'dangling.polysync.json'));
      const r = cli(['check', 'syncs'], linked);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.ok(namedFiles(r.stdout).includes('syncs/linked.polysync.json'), r.stdout);
      // Through the loop, real/ is reached once (syncs/loop/real/...), and the loop is not entered again;
      // the file found there is the linked one by its real path, so it is checked (and fixed) once.
      assert.equal(checked(r.stdout), 1, r.stdout);
      const glob = cli(['check', 'syncs/**/*.polysync.json'], linked);
      assert.equal(checked(glob.stdout), 1, glob.stdout);
    } finally {
      rmSync(linked, { recursive: true, force: true });
    }
  });

  test('inside a git work tree, files git ignores are skipped when searching; --ignore-pattern skips more', () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'polysync-cli-git-'));
    try {
      git(repo, 'init', '-q');
      mkdirSync(path.join(repo, 'syncs', 'generated'), { recursive: true });
      mkdirSync(path.join(repo, 'drafts'), { recursive: true });
      writeFileSync(path.join(repo, '.gitignore'), 'generated/\n*.local.polysync.json\n');
      writeFileSync(path.join(repo, 'syncs', 'good.polysync.json'), GOOD);
      writeFileSync(path.join(repo, 'syncs', 'mine.local.polysync.json'), BAD);
      writeFileSync(path.join(repo, 'syncs', 'generated', 'out.polysync.json'), BAD);
      writeFileSync(path.join(repo, 'drafts', 'wip.polysync.json'), BAD);
      const all = cli(['check', '.'], repo);
      assert.deepEqual(namedFiles(all.stdout), ['drafts/wip.polysync.json'], all.stdout);
      assert.equal(checked(all.stdout), 2);
      // From a subfolder, by glob too.
      const glob = cli(['check', '**/*.polysync.json'], path.join(repo, 'syncs'));
      assert.equal(glob.code, 0, glob.stdout + glob.stderr);
      assert.equal(checked(glob.stdout), 1);
      // A file named on the command line is checked even when ignored.
      const named = cli(['check', 'syncs/generated/out.polysync.json'], repo);
      assert.equal(named.code, 1);
      // --ignore-pattern: a folder path, or a name anywhere.
      for (const pattern of ['drafts', 'drafts/', 'drafts/*.polysync.json', 'wip.polysync.json', '**/wip.*']) {
        const r = cli(['check', '.', '--ignore-pattern', pattern], repo);
        assert.equal(r.code, 0, `--ignore-pattern ${pattern}: ${r.stdout}`);
        assert.equal(checked(r.stdout), 1);
      }
      const onlyIgnored = cli(['check', 'syncs/generated'], repo);
      assert.equal(onlyIgnored.code, 2);
      assert.equal(onlyIgnored.stderr, 'syncs/generated: error: no *.polysync.json files in this folder (1 ignored by git)\n');
      // Outside a work tree nothing is skipped.
      rmSync(path.join(repo, '.git'), { recursive: true, force: true });
      assert.equal(checked(cli(['check', '.'], repo).stdout), 4);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  test('binary and non-UTF-8 files get one clear error, not syntax errors', () => {
    writeFileSync(path.join(dir, 'binary.polysync.json'), Buffer.from([0x7b, 0x0a, 0x00, 0x01, 0x02, 0xff, 0x7d]));
    writeFileSync(path.join(dir, 'latin1.polysync.json'), Buffer.from('{\n  "name": "Caf\xe9"\n}\n', 'latin1'));
    writeFileSync(path.join(dir, 'utf16.polysync.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, 'utf16le')]));
    const r = cli(['check', 'binary.polysync.json', 'latin1.polysync.json', 'utf16.polysync.json'], dir);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stdout + r.stderr, /PS001/);
    assert.equal(
      r.stderr,
      [
        'binary.polysync.json: error: not UTF-8 text: it looks binary (a NUL byte at line 2, byte 1 of the line)',
        'latin1.polysync.json: error: not UTF-8 text: byte 0xe9 at line 2, byte 15 of the line is not valid UTF-8; save the file as UTF-8',
        'utf16.polysync.json: error: not UTF-8 text: it is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8',
        '',
      ].join('\n'),
    );
    const create = cli(['create', 'latin1.polysync.json', '--dry-run'], dir);
    assert.equal(create.code, 2);
    assert.match(create.stderr, /cannot read latin1\.polysync\.json: not UTF-8 text/);
  });
});
