// Turns command-line arguments (files, folders, globs) into the list of files to work on.
// Globs are matched with picomatch (braces, classes, `**`, extglobs), from the folder the pattern
// names before its first special character, so absolute and `../` patterns work. Files found by
// searching (folders and globs) skip node_modules, .git, what git ignores and --ignore-pattern;
// a file named on the command line is always taken.
import { spawnSync } from 'node:child_process';
import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';

const SKIPPED_DIRS = new Set(['node_modules', '.git']);
export const POLYSYNC_SUFFIX = '.polysync.json';

export interface FileArguments {
  files: string[];
  /** Arguments that matched nothing or could not be read, with the reason. */
  problems: { argument: string; reason: string }[];
  /** Files left out by a configuration file's ignorePatterns, with that file. */
  skipped: { file: string; config: string }[];
}

export interface ResolveOptions {
  cwd: string;
  /** Globs (relative to cwd, or naming a file or folder name anywhere) whose matches are skipped. */
  ignorePatterns?: string[];
  /** Skip what git ignores, for files inside a git work tree (default true). */
  gitIgnore?: boolean;
  /** The configuration file whose ignorePatterns skip a file (absolute), for files named or found alike. */
  configIgnoring?: (file: string) => string | undefined;
}

const toPosix = (p: string) => (path.sep === '\\' ? p.split('\\').join('/') : p);

/**
 * Every file under `dir` that `accept` takes, sorted. Symbolic links are followed, to files and to
 * folders; a folder already visited (by its real path) is not entered again, so link loops end.
 */
function walk(dir: string, accept: (file: string) => boolean, out: string[] = [], visited = new Set<string>()): string[] {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return out;
  }
  if (visited.has(real)) return out;
  visited.add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch {
        continue; // a dangling link names nothing to check
      }
    }
    if (isDir) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(full, accept, out, visited);
    } else if (isFile && accept(full)) out.push(full);
  }
  return out;
}

/** The files among `files` (absolute) that git ignores; none outside a git work tree or without git. */
export function gitIgnored(files: string[]): Set<string> {
  const ignored = new Set<string>();
  const byRoot = new Map<string, string[]>();
  const roots = new Map<string, string | undefined>();
  for (const file of files) {
    const dir = path.dirname(file);
    if (!roots.has(dir)) {
      const r = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' });
      roots.set(dir, r.status === 0 ? r.stdout.trim() : undefined);
    }
    const root = roots.get(dir);
    if (root === undefined) continue;
    byRoot.set(root, [...(byRoot.get(root) ?? []), file]);
  }
  for (const [root, group] of byRoot) {
    // Paths relative to the top level, through real paths: git takes them whatever links lie above it.
    const realRoot = realpathSync(root);
    const inside = group
      .map((file) => ({ file, relative: toPosix(path.join(path.relative(realRoot, realpathSync(path.dirname(file))), path.basename(file))) }))
      .filter((f) => !f.relative.startsWith('../'));
    if (inside.length === 0) continue;
    const r = spawnSync('git', ['check-ignore', '-z', '--stdin'], { cwd: root, input: inside.map((f) => f.relative).join('\0'), encoding: 'utf8' });
    if (r.status !== 0) continue; // 1: nothing ignored; 128: not a usable work tree
    const hits = new Set(r.stdout.split('\0').filter(Boolean));
    for (const f of inside) if (hits.has(f.relative)) ignored.add(f.file);
  }
  return ignored;
}

/** A test for `--ignore-pattern`s: a pattern matches a file's path relative to cwd, or any folder above it. */
export function ignoreMatcher(patterns: string[], cwd: string): (file: string) => boolean {
  if (patterns.length === 0) return () => false;
  const isMatch = picomatch(patterns.map((p) => toPosix(p).replace(/^\.\//, '').replace(/\/$/, '')), { dot: true, posix: true });
  const byName = picomatch(patterns.filter((p) => !/[\\/]/.test(p.replace(/\/$/, ''))), { dot: true, posix: true });
  return (file) => {
    const relative = toPosix(path.relative(cwd, file));
    const parts = relative.split('/');
    for (let i = parts.length; i > 0; i--) {
      if (isMatch(parts.slice(0, i).join('/'))) return true;
    }
    // A pattern with no slash (`*.draft.polysync.json`, `generated`) names a file or folder anywhere.
    return parts.some((part) => byName(part));
  };
}

export function resolveFileArguments(args: string[], options: ResolveOptions): FileArguments {
  const { cwd } = options;
  const files: string[] = [];
  const problems: FileArguments['problems'] = [];
  const skipped: FileArguments['skipped'] = [];
  const seen = new Set<string>();
  const ignoredByPattern = ignoreMatcher(options.ignorePatterns ?? [], cwd);
  const shown = (argument: string, absolute: string) => (path.isAbsolute(argument) ? absolute : path.relative(cwd, absolute) || absolute);
  // Keyed by real path: a file reached through a link and directly is one file (checked, fixed and written once).
  const add = (file: string, absolute: string) => {
    let key = absolute;
    try {
      key = realpathSync(absolute);
    } catch {
      // unreadable: reported when read
    }
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  /** Adds what a search found, less what is ignored; says why when nothing is left. */
  const addFound = (argument: string, found: string[], none: string) => {
    const byPattern = found.filter(ignoredByPattern);
    const byConfig = options.configIgnoring ? found.filter((f) => !byPattern.includes(f) && options.configIgnoring!(f) !== undefined) : [];
    let kept = found.filter((f) => !byPattern.includes(f) && !byConfig.includes(f));
    const byGit = options.gitIgnore === false ? new Set<string>() : gitIgnored(kept);
    kept = kept.filter((f) => !byGit.has(f));
    if (kept.length === 0) {
      const why = [
        byGit.size ? `${byGit.size} ignored by git` : '',
        byPattern.length ? `${byPattern.length} by --ignore-pattern` : '',
        byConfig.length ? `${byConfig.length} by ignorePatterns in polysync.config.json` : '',
      ].filter(Boolean);
      problems.push({ argument, reason: why.length ? `${none} (${why.join(', ')})` : none });
    }
    kept.forEach((f) => add(shown(argument, f), f));
  };

  for (const argument of args) {
    const scan = picomatch.scan(toPosix(argument));
    if (scan.isGlob) {
      const base = path.resolve(cwd, scan.base || '.');
      const isMatch = picomatch(scan.glob, { dot: false, posix: true });
      const found = walk(base, (file) => isMatch(toPosix(path.relative(base, file))));
      addFound(argument, found, 'no files match this pattern');
      continue;
    }
    const absolute = path.resolve(cwd, argument);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      problems.push({ argument, reason: 'no such file or folder' });
      continue;
    }
    if (stats.isDirectory()) {
      const found = walk(absolute, (file) => file.toLowerCase().endsWith(POLYSYNC_SUFFIX));
      addFound(argument, found, `no *${POLYSYNC_SUFFIX} files in this folder`);
    } else {
      // A configuration's ignorePatterns hold for named files too: hooks such as pre-commit name every staged file.
      const config = options.configIgnoring?.(absolute);
      if (config !== undefined) skipped.push({ file: argument, config });
      else add(argument, absolute);
    }
  }
  return { files, problems, skipped };
}
