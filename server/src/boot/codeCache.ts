// Runs a CommonJS bundle through V8 with a code cache, so that later starts skip most of the parsing
// and compiling of it. Node 20 has no built-in compile cache for CommonJS, so this does the same job:
// compile with vm.Script and the cached data, run it as a module, and, when the cache was missing or
// V8 rejected it, write a fresh one a little later (once start-up has compiled the functions it uses).
//
// The cache is only an accelerator: whatever goes wrong with it (no writable directory, a corrupt or
// foreign file, a different Node), the bundle still runs, just without it.
import type * as Crypto from 'node:crypto';
// Named imports only: esbuild copies every property of a module imported whole (`import * as fs`), which
// the launcher would pay for on every start.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type * as NodeModule from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { Script } from 'node:vm';
import type * as Zlib from 'node:zlib';
import { type CodeCacheReport, publishCodeCacheReport } from './report';

export interface CodeCacheOptions {
  /** Environment to read POLYSYNC_CACHE_DIR and POLYSYNC_CODE_CACHE from. */
  env: NodeJS.ProcessEnv;
  /** Write a missing or rejected cache this long after the bundle started (the timer does not keep the process alive). */
  writeAfterMs: number;
  /**
   * The bundle's `require`, when the caller's own resolves the same way (the launcher sits in the
   * bundle's directory). Without it one is made with node:module's createRequire, whose loading (with the
   * ES module loader it brings) costs about 0.7 ms of a start.
   */
  require?: NodeJS.Require;
}

/**
 * The digest that names a cache after its bundle and guards each cache file against damage: CRC-32 from
 * node:zlib where Node has it (20.15, 22.2 and later), which is what Node's own compile cache (Node 22's
 * module.enableCompileCache) keys its caches by, with the source's length that V8 checks; SHA-256 from
 * node:crypto on older Nodes. Loading node:crypto and hashing the bundle with SHA-256 took about 8 ms
 * of every start, and the language server needs crypto for nothing before its first answer; zlib loads
 * in about 1 ms and CRC-32 is native and fast. A name made with one algorithm never matches one made with
 * the other (8 hex digits against 20), so a cache is only ever checked with the digest it was written with.
 */
export function codeCacheDigest(data: Uint8Array | string): Buffer {
  const { crc32 } = require('node:zlib') as Partial<typeof Zlib>;
  if (crc32 !== undefined) {
    const digest = Buffer.alloc(4);
    digest.writeUInt32BE(crc32(data));
    return digest;
  }
  return (require('node:crypto') as typeof Crypto).createHash('sha256').update(data).digest();
}
/** Old caches (other builds or runtimes) beyond this many are removed when a new one is written. */
const KEEP_FILES = 4;

/**
 * The directory for code caches: POLYSYNC_CACHE_DIR when set (the VS Code client points it into the
 * extension's global storage), otherwise the platform's per-user cache directory.
 */
export function codeCacheDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.POLYSYNC_CACHE_DIR) return resolve(env.POLYSYNC_CACHE_DIR);
  const home = homeDirectory();
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA || (home && join(home, 'AppData', 'Local'));
    return base ? join(base, 'polysync', 'cache') : undefined;
  }
  if (platform === 'darwin') return home ? join(home, 'Library', 'Caches', 'polysync') : undefined;
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : home && join(home, '.cache');
  return base ? join(base, 'polysync') : undefined;
}

/** The user's home directory, or '' when the system cannot say (no HOME and no account entry). */
function homeDirectory(): string {
  try {
    return homedir();
  } catch {
    return '';
  }
}

/**
 * Creates the directory if needed and checks that nobody else can write into it: a code cache is
 * code, so it must not come from a place another user controls.
 */
function safeDirectory(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = statSync(dir);
    if (!stat.isDirectory()) return false;
    if (process.platform !== 'win32') {
      if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return false;
      if ((stat.mode & 0o022) !== 0) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** The cache file name: the bundle's name and content digest, and the V8 version and architecture that made it. */
export function codeCacheFileName(bundleFile: string, source: Uint8Array | string): string {
  const digest = codeCacheDigest(source).toString('hex').slice(0, 20);
  const runtime = `${process.versions.v8}-${process.arch}`.replace(/[^A-Za-z0-9.-]/g, '_');
  return `${basename(bundleFile, '.js')}-${digest}-${runtime}.v8cache`;
}

function readCache(file: string): Buffer | 'missing' | 'damaged' {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return 'missing';
  }
  // The digest of the V8 data, then the data: a damaged file is caught before V8 sees it.
  const digestBytes = codeCacheDigest('').length;
  if (raw.length <= digestBytes) return 'damaged';
  const data = raw.subarray(digestBytes);
  return codeCacheDigest(data).equals(raw.subarray(0, digestBytes)) ? data : 'damaged';
}

function writeCache(file: string, data: Buffer): void {
  const digest = codeCacheDigest(data);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([digest, data]), { mode: 0o600 });
    // Atomic: a concurrent start reads either the old file or the whole new one.
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  pruneOldCaches(dirname(file), basename(file));
}

/** Keeps the newest few caches of the same bundle (another runtime may still be using one). */
function pruneOldCaches(dir: string, current: string): void {
  const prefix = current.slice(0, current.indexOf('-') + 1);
  const others = readdirSync(dir)
    .filter((name) => name !== current && name.startsWith(prefix) && name.endsWith('.v8cache'))
    .map((name) => {
      try {
        return { name, mtime: statSync(join(dir, name)).mtimeMs };
      } catch {
        return undefined;
      }
    })
    .filter((entry): entry is { name: string; mtime: number } => entry !== undefined)
    .sort((a, b) => b.mtime - a.mtime);
  for (const entry of others.slice(KEEP_FILES - 1)) rmSync(join(dir, entry.name), { force: true });
}

/**
 * The head of the function that gives a bundle the usual CommonJS module scope, as Node's own loader
 * wraps a module. esbuild.mjs builds dist/server-core.js with it already around the code, so the text is
 * compiled as read; another bundle is wrapped here, which copies it once more (about 3 ms for 0.5 MB on
 * the benchmark's machine, where touching fresh memory is slow).
 */
export const MODULE_WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';
export const MODULE_WRAPPER_TAIL = '\n})';

function asModuleFunction(source: string): string {
  if (source.startsWith(MODULE_WRAPPER_HEAD) && /\}\)\s*(\/\/# sourceMappingURL=\S*\s*)?$/.test(source.slice(-200))) return source;
  return `${MODULE_WRAPPER_HEAD} ${source}${MODULE_WRAPPER_TAIL};`;
}

/** Loads `bundleFile` as the main CommonJS module of the process, through the code cache. */
export function runWithCodeCache(bundleFile: string, options: CodeCacheOptions): CodeCacheReport {
  // Read as bytes, digested as bytes (a string would be encoded to UTF-8 again for the digest).
  const bytes = readFileSync(bundleFile);
  const source = bytes.toString('utf8');
  const report: CodeCacheReport = { state: 'off' };
  let cached: Buffer | undefined;
  if (options.env.POLYSYNC_CODE_CACHE !== 'off') {
    const dir = codeCacheDirectory(options.env);
    if (dir === undefined || !safeDirectory(dir)) {
      report.state = 'unavailable';
    } else {
      report.file = join(dir, codeCacheFileName(bundleFile, bytes));
      const read = readCache(report.file);
      if (read === 'missing' || read === 'damaged') report.state = read === 'missing' ? 'missing' : 'rejected';
      else cached = read;
    }
  }
  publishCodeCacheReport(report);

  const script = new Script(asModuleFunction(source), { filename: bundleFile, cachedData: cached });
  if (cached !== undefined) report.state = script.cachedDataRejected ? 'rejected' : 'accepted';

  if (report.file !== undefined && (report.state === 'missing' || report.state === 'rejected')) {
    const file = report.file;
    const timer = setTimeout(() => {
      try {
        writeCache(file, script.createCachedData());
        report.written = true;
      } catch (error) {
        report.written = false;
        report.writeError = error instanceof Error ? error.message : String(error);
      }
    }, options.writeAfterMs);
    timer.unref();
  }

  const moduleObject = { exports: {}, filename: bundleFile, id: '.', loaded: false };
  const requireFn = options.require ?? (require('node:module') as typeof NodeModule).createRequire(bundleFile);
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(moduleObject.exports, moduleObject.exports, requireFn, moduleObject, bundleFile, dirname(bundleFile));
  moduleObject.loaded = true;
  return report;
}
