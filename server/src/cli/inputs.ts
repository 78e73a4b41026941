// The files a command works on: named files, folders and globs, or standard input for `-`, each read
// as UTF-8 text (see source.ts) or with the reason it could not be.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { resolveFileArguments } from './files';
import type { CliIO } from './io';
import { UsageError } from './io';
import { decodeSource, encodeSource } from './source';
import type { CliConfigs } from './config';
import { type LoadedFile, loadFile } from './sync/common';
import { parseDocument } from '../service';
import { readLink } from '../operations';

export const STDIN = '-';

export interface Input {
  /** The name shown in messages: the path as found, or --stdin-filename (default `<stdin>`) for `-`. */
  file: string;
  /** True for standard input, which is read but never written. */
  stdin: boolean;
  text?: string;
  bom: boolean;
  /** Why the file could not be read (or matched nothing). */
  error?: string;
}

export interface InputOptions {
  ignorePatterns: string[];
  stdinFilename?: string;
  /** polysync.config.json files: their ignorePatterns skip files, named ones too (each skip said on stderr). */
  configs?: CliConfigs;
}

export function readInputs(positionals: string[], options: InputOptions, io: CliIO): Input[] {
  const stdinCount = positionals.filter((p) => p === STDIN).length;
  if (stdinCount > 1) throw new UsageError('standard input ("-") can be named only once');
  if (options.stdinFilename !== undefined && stdinCount === 0) throw new UsageError('--stdin-filename applies only when "-" (standard input) is one of the files');
  const named = positionals.filter((p) => p !== STDIN);
  const inputs: Input[] = [];
  if (stdinCount === 1) {
    const file = options.stdinFilename || '<stdin>';
    let bytes: Buffer;
    try {
      bytes = io.readStdin();
    } catch (error) {
      inputs.push({ file, stdin: true, bom: false, error: `cannot read standard input (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      bytes = Buffer.alloc(0);
    }
    if (inputs.length === 0) inputs.push({ file, stdin: true, ...decoded(bytes) });
  }
  if (named.length === 0 && stdinCount === 1) return inputs;
  const configs = options.configs;
  const { files, problems, skipped } = resolveFileArguments(named.length ? named : ['.'], {
    cwd: io.cwd,
    ignorePatterns: options.ignorePatterns,
    configIgnoring: configs && ((file) => configs.ignoring(file)),
  });
  for (const s of skipped) io.stderr(`${s.file}: skipped: it matches "ignorePatterns" in ${s.config}\n`);
  for (const p of problems) inputs.push({ file: p.argument, stdin: false, bom: false, error: p.reason });
  for (const file of files) {
    try {
      inputs.push({ file, stdin: false, ...decoded(readFileSync(io.resolve(file))) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      inputs.push({ file, stdin: false, bom: false, error: code === 'EISDIR' ? 'is a folder' : `cannot read file (${code ?? 'error'})` });
    }
  }
  return inputs;
}

function decoded(bytes: Buffer): { text?: string; bom: boolean; error?: string } {
  const source = decodeSource(bytes);
  return 'error' in source ? { bom: false, error: source.error } : source;
}

/** Writes `text` back to the input's file, keeping its byte order mark. Throws the file system's error. */
export function writeInput(input: Input, text: string, io: CliIO): void {
  writeFileSync(io.resolve(input.file), encodeSource(text, input.bom));
}

/**
 * How a file is named for tools that read paths from the repository root (GitHub annotations, code
 * scanning): relative to GITHUB_WORKSPACE when set, else to the top of the git work tree around the
 * current folder, else to the current folder.
 */
export function repositoryPathFor(io: CliIO): (file: string) => string {
  let root = io.env.GITHUB_WORKSPACE?.trim() || undefined;
  if (!root) {
    const git = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: io.cwd, encoding: 'utf8' });
    root = git.status === 0 ? git.stdout.trim() : io.cwd;
  }
  // Real paths on both sides, so a current folder reached through a symbolic link still lies inside.
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const base = real(path.resolve(io.cwd, root));
  const cwd = real(io.cwd);
  return (file) => {
    const relative = path.relative(base, path.resolve(cwd, file));
    if (relative.startsWith('..') || path.isAbsolute(relative)) return file.split(path.sep).join('/');
    return relative.split(path.sep).join('/');
  };
}

/**
 * One file a command works on as a document: a path, or standard input for "-" (shown as `<stdin>`),
 * read as UTF-8 as check reads it. `stdin` tells the caller there is no file to write back to.
 */
export function loadInput(io: CliIO, file: string): (LoadedFile & { stdin: boolean }) | { file: string; error: string } {
  if (file !== STDIN) {
    const loaded = loadFile(io, file);
    return 'error' in loaded ? loaded : Object.assign(loaded, { stdin: false });
  }
  const name = '<stdin>';
  let bytes: Buffer;
  try {
    bytes = io.readStdin();
  } catch (error) {
    return { file: name, error: `cannot read standard input (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const source = decodeSource(bytes);
  if ('error' in source) return { file: name, error: `cannot read standard input: ${source.error}` };
  const doc = parseDocument(name, 0, source.text);
  return { file: name, text: source.text, bom: source.bom, doc, link: readLink(doc), stdin: true };
}
