// What a CLI command may touch (so commands can be run in-process by tests), and option parsing.
import * as path from 'node:path';

export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  resolve(file: string): string;
}

export function processIO(): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    resolve: (file) => path.resolve(process.cwd(), file),
  };
}

export class UsageError extends Error {}

type OptionKinds = Record<string, 'string' | 'boolean'>;

/** Parses `--name value`, `--name=value`, boolean `--flag` and `-x` aliases; `--` ends options. */
export function parseOptions(
  args: string[],
  kinds: OptionKinds,
  aliases: Record<string, string> = {},
): { options: Record<string, string | boolean | undefined>; positionals: string[] } {
  const options: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let name = arg.startsWith('--') ? arg.slice(2) : aliases[arg.slice(1)] ?? arg.slice(1);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const kind = kinds[name];
    if (!kind) throw new UsageError(`unknown option ${arg}`);
    if (kind === 'boolean') {
      if (value !== undefined) throw new UsageError(`option --${name} takes no value`);
      options[name] = true;
    } else {
      if (value === undefined) {
        value = args[++i];
        if (value === undefined) throw new UsageError(`option --${name} needs a value`);
      }
      options[name] = value;
    }
  }
  return { options, positionals };
}
