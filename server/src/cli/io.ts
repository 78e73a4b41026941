// What a CLI command may touch (so commands can be run in-process by tests), and option parsing.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { secretForms } from '../api/config';
import { redact } from '../api/redact';
import { terminalAsk } from './sync/terminal';

export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  resolve(file: string): string;
  /** Everything on standard input (read when a command is given `-` as a file). */
  readStdin(): Buffer;
  /** Standard error is a terminal: progress may be shown. */
  isTTY?: boolean;
  /** Standard output is a terminal: colour and local times by default. */
  stdoutIsTTY?: boolean;
  /** --color (true) or --no-color (false), given before any command's own options are read. */
  color?: boolean;
  /** Asks a question on the terminal; absent when there is none to ask on. */
  ask?: (question: string) => Promise<string | undefined>;
}

export function processIO(): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    resolve: (file) => path.resolve(process.cwd(), file),
    readStdin: () => readFileSync(0),
    isTTY: process.stderr.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    ask: terminalAsk(),
  };
}

/** Bad usage: printed as one line with a pointer to the command's --help, exit status 2. */
export class UsageError extends Error {}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
}

export type ParsedOptions = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** Parses with Node's util.parseArgs (`--name value`, `--name=value`, `-x`, `--` ends options). */
export function parseOptions(args: string[], spec: Record<string, OptionSpec>): { options: ParsedOptions; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: spec, allowPositionals: true, strict: true });
    return { options: values as ParsedOptions, positionals };
  } catch (error) {
    throw new UsageError(usageMessage(error as Error & { code?: string }));
  }
}

// parseArgs's messages are long and name the remedy for positionals; a usage error says only what is wrong.
function usageMessage(error: Error & { code?: string }): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted ?? error.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = quoted?.split(/[ =]/)[0];
      if (/argument missing|argument is ambiguous/.test(error.message)) return `option ${option} needs a value`;
      if (/does not take an argument/.test(error.message)) return `option ${option} takes no value`;
      return error.message.split('\n')[0];
    }
    default:
      return error.message.split('\n')[0];
  }
}

/** The last value given for an option that may be repeated only by mistake. */
export function lastString(value: ParsedOptions[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Every line printed goes through this, so no form of the key can reach the terminal or a log. */
export function redactingIO(io: CliIO, apiKey: string | undefined, organizationId: string | undefined): CliIO {
  if (!apiKey) return io;
  const secrets = secretForms({ apiKey, organizationId });
  return { ...io, stdout: (text) => io.stdout(redact(text, secrets)), stderr: (text) => io.stderr(redact(text, secrets)) };
}

/**
 * Takes --color and --no-color out of a command's arguments (every command accepts them, as wrappers
 * pass them by habit); the last one given wins. Arguments after `--` are left alone.
 */
export function takeColorOptions(args: string[]): { args: string[]; color?: boolean } {
  const end = args.indexOf('--');
  const head = end < 0 ? args : args.slice(0, end);
  let color: boolean | undefined;
  const kept = head.filter((a) => {
    if (a === '--color' || a === '--colour') color = true;
    else if (a === '--no-color' || a === '--no-colour') color = false;
    else return true;
    return false;
  });
  return { args: end < 0 ? kept : [...kept, ...args.slice(end)], color };
}
