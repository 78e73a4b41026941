// polysync.config.json for the command line: read from the file system, each folder's lookup done once.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, type ConfigFile, type ConfigProblem, type ConfigReader, type EffectiveConfig, findConfigFiles, mergeConfigFiles } from '../service';
import { ignoreMatcher } from './files';
import { decodeSource } from './source';

/** Reads configuration files from disk; names them relative to `cwd` in messages. */
export function fileConfigReader(cwd: string): ConfigReader {
  return {
    read(dir) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path.join(dir, CONFIG_FILE_NAME));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : { error: code ?? 'error' };
      }
      const source = decodeSource(bytes);
      return 'error' in source ? { error: source.error } : source.text;
    },
    isRepositoryRoot: (dir) => existsSync(path.join(dir, '.git')),
    parent: (dir) => {
      const up = path.dirname(dir);
      return up === dir ? undefined : up;
    },
    fileIn: (dir) => path.relative(cwd, path.join(dir, CONFIG_FILE_NAME)) || CONFIG_FILE_NAME,
  };
}

/** The configuration of each folder a command touches, found once per folder. */
export class CliConfigs {
  private readonly byDir = new Map<string, EffectiveConfig>();
  private readonly matchers = new Map<ConfigFile, (file: string) => boolean>();
  private readonly reader: ConfigReader;

  constructor(private readonly cwd: string) {
    this.reader = fileConfigReader(cwd);
  }

  /** What applies in folder `dir` (absolute, or relative to the current folder). */
  forDir(dir: string): EffectiveConfig {
    const absolute = path.resolve(this.cwd, dir);
    let config = this.byDir.get(absolute);
    if (!config) {
      config = mergeConfigFiles(findConfigFiles(absolute, this.reader));
      this.byDir.set(absolute, config);
    }
    return config;
  }

  /** What applies to `file` (absolute, or relative to the current folder). */
  forFile(file: string): EffectiveConfig {
    return this.forDir(path.dirname(path.resolve(this.cwd, file)));
  }

  /** The configuration file whose `ignorePatterns` match `file` (each relative to its own folder), if any. */
  ignoring(file: string): string | undefined {
    const absolute = path.resolve(this.cwd, file);
    for (const config of this.forFile(absolute).files) {
      if (config.ignorePatterns.length === 0) continue;
      let matches = this.matchers.get(config);
      if (!matches) {
        matches = ignoreMatcher(config.ignorePatterns, config.dir);
        this.matchers.set(config, matches);
      }
      if (matches(absolute)) return config.file;
    }
    return undefined;
  }

  /** Every problem in the configuration files read so far, each once. */
  problems(): ConfigProblem[] {
    const seen = new Set<string>();
    const out: ConfigProblem[] = [];
    for (const config of this.byDir.values()) {
      for (const p of config.problems) {
        const key = `${p.file}:${p.line}:${p.character}:${p.message}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push(p);
        }
      }
    }
    return out;
  }
}

/** `file:line:col: error message`, as check prints its findings. */
export function describeConfigProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line + 1}:${p.character + 1}: error ${p.message}`;
}

/**
 * A command's arguments with the current folder's configured `concurrency` added as --concurrency,
 * for commands that take that option and were not given it (the flag wins). Problems in the
 * configuration are named on standard error; the command runs with its default then.
 */
export function withConfiguredConcurrency(usage: string, args: string[], cwd: string, stderr: (text: string) => void): string[] {
  if (!usage.includes('--concurrency')) return args;
  const end = args.indexOf('--');
  const head = end < 0 ? args : args.slice(0, end);
  if (head.some((a) => a === '--concurrency' || a.startsWith('--concurrency=') || a === '--help' || a === '-h')) return args;
  const config = new CliConfigs(cwd).forDir(cwd);
  for (const p of config.problems) stderr(`${describeConfigProblem(p)}\n`);
  if (config.concurrency === undefined) return args;
  return [...head, '--concurrency', String(config.concurrency), ...(end < 0 ? [] : args.slice(end))];
}
