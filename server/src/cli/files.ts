// Turns command-line arguments (files, folders, globs) into the list of files to check.
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const SKIPPED_DIRS = new Set(['node_modules', '.git']);
export const POLYSYNC_SUFFIX = '.polysync.json';

export interface FileArguments {
  files: string[];
  /** Arguments that matched nothing or could not be read, with the reason. */
  problems: { argument: string; reason: string }[];
}

function walk(dir: string, out: string[], accept: (file: string) => boolean): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(full, out, accept);
    } else if (entry.isFile() && accept(full)) out.push(full);
  }
}

/** A glob (`*`, `**`, `?`, `{a,b}`) as a regular expression over `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) out += '\\{';
      else {
        out += `(?:${glob.slice(i + 1, end).split(',').map(escape).join('|')})`;
        i = end;
      }
    } else out += escape(c);
  }
  return new RegExp(`^${out}$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const isGlob = (text: string) => /[*?{]/.test(text);

export function resolveFileArguments(args: string[], cwd = process.cwd()): FileArguments {
  const files: string[] = [];
  const problems: FileArguments['problems'] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = path.resolve(cwd, file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  for (const argument of args) {
    if (isGlob(argument)) {
      const normalized = argument.split(path.sep).join('/');
      const parts = normalized.split('/');
      const firstGlob = parts.findIndex(isGlob);
      const base = parts.slice(0, firstGlob).join('/') || '.';
      const pattern = globToRegExp(normalized.replace(/^\.\//, ''));
      const found: string[] = [];
      walk(path.resolve(cwd, base), found, (file) => pattern.test(path.relative(cwd, file).split(path.sep).join('/')));
      if (found.length === 0) problems.push({ argument, reason: 'no files match this pattern' });
      found.forEach((f) => add(path.relative(cwd, f) || f));
      continue;
    }
    let stats;
    try {
      stats = statSync(path.resolve(cwd, argument));
    } catch {
      problems.push({ argument, reason: 'no such file or folder' });
      continue;
    }
    if (stats.isDirectory()) {
      const found: string[] = [];
      walk(path.resolve(cwd, argument), found, (file) => file.toLowerCase().endsWith(POLYSYNC_SUFFIX));
      if (found.length === 0) problems.push({ argument, reason: `no *${POLYSYNC_SUFFIX} files in this folder` });
      found.forEach((f) => add(path.relative(cwd, f) || f));
    } else add(argument);
  }
  return { files, problems };
}
