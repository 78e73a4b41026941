// The preamble every command on linked files shares: "these files (or this one), then this operation".
// Options, help, the files named, the API client from the environment, the files that could not be
// resolved; then each file read with its link, a few at a time, with progress on a terminal.
import type { LinkRead, SyncLink } from '../../operations';
import { resolveFileArguments } from '../files';
import { type CliIO, type OptionSpec, type ParsedOptions, parseOptions, UsageError } from '../io';
import { CONNECTION_OPTIONS, concurrencyOf, eachLimited, type LoadedFile, loadFile, openSession, progress, type Session } from './common';

export interface SyncCommand {
  /** The command's name, e.g. `diff`, as its messages start (`polysync diff: ...`). */
  name: string;
  usage: string;
  /** Options beyond the connection options every sync command takes. */
  options?: Record<string, OptionSpec>;
  /** `one`: exactly one file, named as given; `many`: files, folders or globs. */
  files: 'one' | 'many';
  /** The usage error when no file is named, or `current-folder` to search the current folder as check does. */
  noFiles: string;
  /** Checks the command's own options before anything is read or sent; throws UsageError. */
  checkOptions?(options: ParsedOptions): void;
}

export interface Prepared extends Session {
  options: ParsedOptions;
  files: string[];
  concurrency: number;
  /** Whether a named argument could not be resolved to files (reported already). */
  badArguments: boolean;
  /** Writes `polysync NAME: line` on standard error. */
  say(line: string): void;
}

/** Runs the preamble: a Prepared command, or the exit status when it ends here (help, settings). */
export function prepareSyncCommand(args: string[], rawIO: CliIO, command: SyncCommand): Prepared | number {
  const { options, positionals } = parseOptions(args, { ...CONNECTION_OPTIONS, ...command.options });
  if (options.help) {
    rawIO.stdout(command.usage);
    return 0;
  }
  command.checkOptions?.(options);
  if (positionals.length === 0 && command.noFiles === 'current-folder') positionals.push('.');
  if (positionals.length === 0) throw new UsageError(command.noFiles);
  if (command.files === 'one' && positionals.length > 1) throw new UsageError(`${command.name} takes one file (got ${positionals.length})`);
  const concurrency = concurrencyOf(options);
  const { files, problems } = command.files === 'one' ? { files: positionals, problems: [] } : resolveFileArguments(positionals, { cwd: rawIO.cwd });
  const session = openSession(rawIO, options, concurrency);
  if ('error' in session) {
    rawIO.stderr(`polysync ${command.name}: ${session.error}\n`);
    return 2;
  }
  const say = (line: string) => session.io.stderr(`polysync ${command.name}: ${line}\n`);
  for (const p of problems) say(`${p.argument}: ${p.reason}`);
  return { ...session, options, files, concurrency, badArguments: problems.length > 0, say };
}

/** `--format text|json`, checked as a usage error. */
export function formatOf(options: ParsedOptions): 'text' | 'json' {
  const format = typeof options.format === 'string' ? options.format.toLowerCase() : 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got ${String(options.format)})`);
  return format;
}

/** Runs `work` over every file, a few at a time, with a progress line (`verb 3/10`) on a terminal. */
export async function forEachFile<R>(prepared: Prepared, verb: string, work: (file: string) => Promise<R>): Promise<R[]> {
  const bar = progress(prepared.io, verb, prepared.files.length);
  const results = await eachLimited(prepared.files, prepared.concurrency, work, (done) => bar.update(done));
  bar.end();
  return results;
}

/** A file read with its link: the link when there is one, otherwise what the caller says about it. */
export type LinkedFile = { loaded: LoadedFile; link: SyncLink } | { loaded?: LoadedFile; error: string; unlinked?: true };

/** Reads a file and its link; `unlinkedHint` ends the message for a file without one. */
export function loadLinkedFile(io: CliIO, file: string, unlinkedHint: string): LinkedFile {
  const loaded = loadFile(io, file);
  if ('error' in loaded) return { error: loaded.error };
  const link: LinkRead = loaded.link;
  if (link.linked === false) return { loaded, error: `${file} is not linked to a bulk sync (no "polysync" key); ${unlinkedHint}`, unlinked: true };
  if (link.linked === 'invalid') return { loaded, error: `${file}:${link.range.start.line + 1}:${link.range.start.character + 1}: ${link.message}` };
  return { loaded, link: link.link };
}
