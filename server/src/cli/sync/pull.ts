// `polysync pull SYNC_ID [-o FILE] [--force]` and `polysync pull --all [--dir DIR]`: write live syncs
// out as linked files that round-trip (check finds no errors, diff finds no differences).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BulkSyncResponse } from '../../api/types';
import { fileNameForSync, pulledFileText, pullSync } from '../../operations';
import { type CliIO, parseOptions, UsageError } from '../io';
import { CONNECTION_HELP, CONNECTION_OPTIONS, concurrencyOf, describeSyncError, eachLimited, loadFile, openSession, progress, type Session } from './common';

export const PULL_USAGE = `Usage: polysync pull SYNC_ID [-o FILE] [--force] [options]
       polysync pull --all [--dir DIR] [--force] [options]

Writes a bulk sync as a linked *.polysync.json file: every setting that is not the API's default,
every selected schema with its fields, obfuscation, filters, tracking field, partition key and
cutoffs, and the "polysync" link: the sync's id, its updated_at, and a one-line "base" (the file and
the live sync as written, for the three-way comparison). "polysync check" finds no errors in it,
"polysync diff" finds no differences, and the body it sends equals the live sync. The default file name is made from the sync's name.

Options:
  -o, --output FILE       the file to write (one sync only)
  --all                   every bulk sync of the account, one file each
  --dir DIR               where --all writes (default: the current folder; created if missing)
  --force                 overwrite existing files
${CONNECTION_HELP}
Exit status: 0 every file written, 1 a sync could not be read or a file exists (without --force),
2 bad usage or settings.
`;

export async function runPull(args: string[], rawIO: CliIO): Promise<number> {
  const { options, positionals } = parseOptions(args, {
    ...CONNECTION_OPTIONS,
    output: { type: 'string', short: 'o' },
    all: { type: 'boolean' },
    dir: { type: 'string' },
    force: { type: 'boolean' },
  });
  if (options.help) {
    rawIO.stdout(PULL_USAGE);
    return 0;
  }
  const all = options.all === true;
  if (all && positionals.length > 0) throw new UsageError('--all takes no sync id');
  if (all && options.output !== undefined) throw new UsageError('--output names one file; with --all use --dir');
  if (!all && positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the bulk sync id to pull, or use --all' : `pull takes one sync id (got ${positionals.length})`);
  if (!all && options.dir !== undefined) throw new UsageError('--dir is for --all; name one file with --output');
  const concurrency = concurrencyOf(options);
  const session = openSession(rawIO, options, concurrency);
  if ('error' in session) {
    rawIO.stderr(`polysync pull: ${session.error}\n`);
    return 2;
  }
  const force = options.force === true;
  if (!all) {
    const output = typeof options.output === 'string' ? options.output : undefined;
    return (await pullOne(session, positionals[0], output, undefined, force)) ? 0 : 1;
  }
  const dir = typeof options.dir === 'string' ? options.dir : '.';
  let syncs: BulkSyncResponse[];
  try {
    syncs = await session.api.listBulkSyncs();
  } catch (error) {
    session.io.stderr(`polysync pull: could not list the bulk syncs: ${describeSyncError(error, '(list)')}\n`);
    return 1;
  }
  if (syncs.length === 0) {
    session.io.stderr('polysync pull: the account has no bulk syncs; nothing was written.\n');
    return 0;
  }
  try {
    mkdirSync(session.io.resolve(dir), { recursive: true });
  } catch (error) {
    session.io.stderr(`polysync pull: cannot create ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
    return 2;
  }
  // Two syncs with one name get the id's start added, so neither overwrites the other.
  const names = new Map<string, number>();
  for (const s of syncs) names.set(fileNameForSync(s.name, s.id), (names.get(fileNameForSync(s.name, s.id)) ?? 0) + 1);
  const bar = progress(session.io, 'pulling', syncs.length);
  const results = await eachLimited(syncs, concurrency, (s) => {
    let name = fileNameForSync(s.name, s.id);
    if ((names.get(name) ?? 0) > 1) name = name.replace(/\.polysync\.json$/, `-${s.id.slice(0, 8)}.polysync.json`);
    return pullOne(session, s.id, path.join(dir, name), bar, force);
  }, (done) => bar.update(done));
  bar.end();
  const failed = results.filter((ok) => !ok).length;
  session.io.stderr(`polysync pull: wrote ${results.length - failed} of ${results.length} bulk syncs into ${dir}.\n`);
  return failed > 0 ? 1 : 0;
}

/** The `ignore` paths of the file a pull overwrites when it is linked to the same sync: they are the person's, and stay. */
function keptIgnore(session: Session, file: string, syncId: string): string[] {
  const loaded = loadFile(session.io, file);
  if ('error' in loaded || loaded.link.linked !== true || loaded.link.link.sync_id !== syncId) return [];
  return loaded.link.link.ignore;
}

async function pullOne(session: Session, syncId: string, output: string | undefined, bar: { end(): void } | undefined, force: boolean): Promise<boolean> {
  const { io } = session;
  const say = (line: string) => {
    bar?.end();
    io.stderr(`polysync pull: ${line}\n`);
  };
  let pulled;
  try {
    pulled = await pullSync(session.api, syncId);
  } catch (error) {
    say(describeSyncError(error, syncId));
    return false;
  }
  const file = output ?? pulled.fileName;
  const target = io.resolve(file);
  if (!force && existsSync(target)) {
    say(`${file} exists; nothing was written (use --force to overwrite it).`);
    return false;
  }
  try {
    writeFileSync(target, existsSync(target) ? pulledFileText(pulled.live, '\n', keptIgnore(session, file, syncId)) : pulled.text);
  } catch (error) {
    say(`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return false;
  }
  io.stdout(`${file}\n`);
  return true;
}
