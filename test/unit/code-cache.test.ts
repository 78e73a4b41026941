// The launcher's V8 code cache (server/src/boot/codeCache.ts): where it lives, when it is used, written,
// refused and ignored. Each start is a fresh Node process, as in real use: within one process V8 would
// answer a second compile of the same source from its own in-memory cache and never look at ours.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { codeCacheDigest, codeCacheDirectory, codeCacheFileName, MODULE_WRAPPER_HEAD, MODULE_WRAPPER_TAIL } from '../../server/src/boot/codeCache';
import { type CodeCacheReport, describeCodeCache } from '../../server/src/boot/report';

interface Run {
  report: CodeCacheReport;
  /** What the bundle saw of its module scope, or undefined when it did not run. */
  bundle?: { filename: string; dirname: string; exportsIsThis: boolean; hasRequire: boolean; column?: number };
  stderr: string;
  status: number | null;
}

let runnerDir: string;
let runner: string;
before(() => {
  // The launcher code, bundled as dist/server.js is, with a runner that prints the report once the cache is written.
  runnerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'polysync-codecache-runner-'));
  runner = path.join(runnerDir, 'runner.js');
  esbuild.buildSync({
    stdin: {
      contents: [
        `import { runWithCodeCache } from ${JSON.stringify(path.resolve(__dirname, '../../server/src/boot/codeCache'))};`,
        'const report = runWithCodeCache(process.argv[2], { env: process.env, writeAfterMs: 0 });',
        'setTimeout(() => process.stdout.write(JSON.stringify({ report, bundle: globalThis.__codeCacheTest })), 50);',
      ].join('\n'),
      resolveDir: runnerDir,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: runner,
    logLevel: 'silent',
  });
});
after(() => fs.rmSync(runnerDir, { recursive: true, force: true }));

function start(extraEnv: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Run {
  const { POLYSYNC_CACHE_DIR: _dir, POLYSYNC_CODE_CACHE: _off, ...rest } = process.env;
  const result = spawnSync(process.execPath, [...nodeArgs, runner, bundle], { env: { ...rest, POLYSYNC_CACHE_DIR: cacheDir, ...extraEnv }, encoding: 'utf8', timeout: 20000 });
  const parsed = result.stdout ? (JSON.parse(result.stdout) as Omit<Run, 'stderr' | 'status'>) : ({} as Run);
  return { ...parsed, stderr: result.stderr, status: result.status };
}

let work: string;
let cacheDir: string;
let bundle: string;

/** A bundle that records what it was given, with enough functions for V8 to have something to cache. */
function writeBundle(file: string, tag: string): void {
  const functions = Array.from({ length: 40 }, (_, i) => `function f${i}(x) { return x * ${i} + ${JSON.stringify(tag)}.length; }`).join('\n');
  fs.writeFileSync(
    file,
    `'use strict';\n${functions}\n` +
      `globalThis.__codeCacheTest = { filename: __filename, dirname: __dirname, exportsIsThis: this === module.exports && exports === module.exports, hasRequire: typeof require('node:path').join === 'function' };\n` +
      `module.exports.total = [${Array.from({ length: 40 }, (_, i) => `f${i}(1)`).join(', ')}].reduce((a, b) => a + b, 0);\n`,
  );
}

const cacheFiles = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((n) => n.endsWith('.v8cache')) : []);

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'polysync-codecache-'));
  cacheDir = path.join(work, 'cache');
  bundle = path.join(work, 'bundle.js');
  writeBundle(bundle, 'one');
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

describe('code cache', () => {
  it('runs the bundle as a CommonJS module, writes a cache, and uses it on the next start', () => {
    const first = start();
    assert.equal(first.report.state, 'missing', first.stderr);
    assert.deepEqual(first.bundle, { filename: bundle, dirname: work, exportsIsThis: true, hasRequire: true });
    assert.equal(first.report.written, true, first.report.writeError);
    assert.deepEqual(cacheFiles(), [codeCacheFileName(bundle, fs.readFileSync(bundle, 'utf8'))]);
    if (process.platform !== 'win32') {
      assert.equal(fs.statSync(cacheDir).mode & 0o777, 0o700, 'the directory is private');
      assert.equal(fs.statSync(path.join(cacheDir, cacheFiles()[0])).mode & 0o777, 0o600, 'the file is private');
    }

    const second = start();
    assert.equal(second.report.state, 'accepted');
    assert.ok(second.bundle, 'the bundle ran again');
    assert.equal(second.report.written, undefined, 'an accepted cache is not rewritten');
    assert.match(describeCodeCache(second.report), /^code cache used from .*\.v8cache$/);
  });

  it('keys the cache by content: a changed bundle of the same length does not get the old cache', () => {
    start();
    const before = fs.readFileSync(bundle, 'utf8');
    writeBundle(bundle, 'two'); // same length, different code
    const after = fs.readFileSync(bundle, 'utf8');
    assert.equal(after.length, before.length);
    assert.notEqual(codeCacheFileName(bundle, after), codeCacheFileName(bundle, before));
    assert.equal(start().report.state, 'missing');
    assert.equal(cacheFiles().length, 2, 'the old build keeps its own cache');
    assert.equal(start().report.state, 'accepted');
  });

  it('refuses a damaged or foreign file, still runs the bundle, and rewrites the cache', () => {
    start();
    const file = path.join(cacheDir, cacheFiles()[0]);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 100] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const damaged = start();
    assert.equal(damaged.report.state, 'rejected', 'a flipped byte');
    assert.ok(damaged.bundle);
    assert.equal(damaged.report.written, true);
    assert.equal(start().report.state, 'accepted', 'the rewritten cache is used');

    // Intact as a file (its digest matches) but not V8 data for this bundle: V8 itself refuses it.
    const foreign = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff));
    fs.writeFileSync(file, Buffer.concat([codeCacheDigest(foreign), foreign]));
    const refused = start();
    assert.equal(refused.report.state, 'rejected', 'a foreign payload');
    assert.ok(refused.bundle);
    assert.equal(start().report.state, 'accepted');

    fs.writeFileSync(file, 'short');
    const truncated = start();
    assert.equal(truncated.report.state, 'rejected', 'a truncated file');
    assert.ok(truncated.bundle);
  });

  it('names and checks caches with CRC-32, and with SHA-256 on a Node without zlib.crc32', () => {
    const source = fs.readFileSync(bundle);
    assert.equal(codeCacheDigest(source).length, 4, 'this Node has zlib.crc32');
    assert.equal(codeCacheDigest(source).readUInt32BE(0), zlib.crc32(source));
    assert.equal(codeCacheDigest(source.toString('utf8')).readUInt32BE(0), zlib.crc32(source), 'a string is digested as its UTF-8 bytes');
    assert.match(codeCacheFileName(bundle, source), /^bundle-[0-9a-f]{8}-/);

    // As on Node 20 before 20.15: no zlib.crc32, so node:crypto's SHA-256 names and checks the cache.
    const noCrc32 = path.join(work, 'no-crc32.js');
    fs.writeFileSync(noCrc32, "delete require('node:zlib').crc32;\n");
    const first = start({}, ['--require', noCrc32]);
    assert.equal(first.report.state, 'missing', first.stderr);
    assert.equal(first.report.written, true, first.report.writeError);
    const sha = createHash('sha256').update(source).digest();
    assert.deepEqual(cacheFiles(), [path.basename(first.report.file ?? '')]);
    assert.match(cacheFiles()[0], new RegExp(`^bundle-${sha.toString('hex').slice(0, 20)}-`));
    const raw = fs.readFileSync(path.join(cacheDir, cacheFiles()[0]));
    assert.deepEqual(raw.subarray(0, 32), createHash('sha256').update(raw.subarray(32)).digest(), 'the file starts with the SHA-256 of its V8 data');
    assert.equal(start({}, ['--require', noCrc32]).report.state, 'accepted');
    assert.equal(start().report.state, 'missing', 'a Node with CRC-32 looks for its own name');
  });

  it('compiles a bundle built inside the module function as read, and wraps any other', () => {
    // The column of `new Error` on the first line, as a stack trace reports it: the file's own column
    // when the text is compiled as read, shifted by the wrapper's head when the launcher wraps it.
    const probe = "globalThis.__codeCacheTest = { filename: __filename, dirname: __dirname, exportsIsThis: this === module.exports, hasRequire: typeof require('node:path').join === 'function', column: Number(/:1:(\\d+)/.exec(new Error().stack.split('\\n')[1])[1]) };";
    fs.writeFileSync(bundle, `${MODULE_WRAPPER_HEAD}${probe}${MODULE_WRAPPER_TAIL}\n`);
    const column = MODULE_WRAPPER_HEAD.length + probe.indexOf('new Error') + 1;
    for (const state of ['missing', 'accepted']) {
      const run = start();
      assert.equal(run.report.state, state, run.stderr);
      assert.deepEqual(run.bundle, { filename: bundle, dirname: work, exportsIsThis: true, hasRequire: true, column }, 'compiled as read');
    }
    fs.writeFileSync(bundle, probe);
    const wrapped = start();
    assert.equal((wrapped.bundle as { column?: number } | undefined)?.column, MODULE_WRAPPER_HEAD.length + 2 + probe.indexOf('new Error'), 'wrapped by the launcher');
  });

  it('is off with POLYSYNC_CODE_CACHE=off and writes nothing', () => {
    const run = start({ POLYSYNC_CODE_CACHE: 'off' });
    assert.equal(run.report.state, 'off');
    assert.ok(run.bundle);
    assert.equal(fs.existsSync(cacheDir), false);
  });

  it('refuses a directory that others can write to, and still runs the bundle', { skip: process.platform === 'win32' ? 'POSIX permissions' : false }, () => {
    fs.mkdirSync(cacheDir, { mode: 0o700 });
    fs.chmodSync(cacheDir, 0o777);
    const run = start();
    assert.equal(run.report.state, 'unavailable');
    assert.ok(run.bundle);
    assert.deepEqual(cacheFiles(), []);
    assert.match(describeCodeCache(run.report), /unavailable/);
  });

  it('runs without a cache when the directory cannot be created', () => {
    fs.writeFileSync(cacheDir, 'a file where the directory should be');
    const run = start();
    assert.equal(run.report.state, 'unavailable');
    assert.ok(run.bundle);
  });

  it('keeps only the newest few caches of a bundle, and leaves other files alone', () => {
    fs.mkdirSync(cacheDir, { mode: 0o700 });
    fs.writeFileSync(path.join(cacheDir, 'unrelated.txt'), 'kept');
    for (let i = 0; i < 7; i++) {
      writeBundle(bundle, `v${i}_`);
      assert.equal(start().report.written, true);
      // Distinct modification times, so that "newest" is well defined.
      const written = path.join(cacheDir, codeCacheFileName(bundle, fs.readFileSync(bundle, 'utf8')));
      fs.utimesSync(written, new Date(), new Date(Date.now() + i * 1000));
    }
    assert.equal(cacheFiles().length, 4);
    assert.ok(fs.existsSync(path.join(cacheDir, codeCacheFileName(bundle, fs.readFileSync(bundle, 'utf8')))), 'the current one is kept');
    assert.ok(fs.existsSync(path.join(cacheDir, 'unrelated.txt')));
  });

  it('lets an error thrown by the bundle surface as that error', () => {
    fs.writeFileSync(bundle, 'throw new Error("bundle failed at start");');
    const run = start();
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /bundle failed at start/);
  });

  it('finds the per-user cache directory on each platform', () => {
    assert.equal(codeCacheDirectory({ POLYSYNC_CACHE_DIR: 'rel/dir' }, 'linux'), path.resolve('rel/dir'));
    assert.equal(codeCacheDirectory({ XDG_CACHE_HOME: '/xdg' }, 'linux'), path.join('/xdg', 'polysync'));
    assert.equal(codeCacheDirectory({ XDG_CACHE_HOME: 'relative' }, 'linux'), path.join(os.homedir(), '.cache', 'polysync'), 'a relative XDG_CACHE_HOME is ignored, as the spec says');
    assert.equal(codeCacheDirectory({}, 'darwin'), path.join(os.homedir(), 'Library', 'Caches', 'polysync'));
    assert.equal(codeCacheDirectory({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32'), path.join('C:\\Users\\a\\AppData\\Local', 'polysync', 'cache'));
  });
});
