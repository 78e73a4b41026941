// `polysync diff FILE...`: each linked file against its live sync, one line per field path.
import { prepareRequestBody, readLiveSync, diffBodyWithLive, showValue, type Difference } from '../../operations';
import { resolveFileArguments } from '../files';
import { type CliIO, parseOptions, UsageError } from '../io';
import { JSON_FORMAT_VERSION } from '../report';
import { CONNECTION_HELP, CONNECTION_OPTIONS, concurrencyOf, describeSyncError, eachLimited, loadFile, openSession, progress } from './common';

export const DIFF_USAGE = `Usage: polysync diff [options] FILES, FOLDERS or GLOBS...

For each linked file (one with a "polysync" key), the differences between the file and its live bulk
sync: one line per field path with the file's value and the live value. What means the same is not
reported: defaults the API fills in, key order, null and absent where the API treats them alike, a
schema written as its id or with every field, "obfuscate" and "obfuscated".

Options:
  --format text|json      output format (default text); JSON has formatVersion and one entry per file
${CONNECTION_HELP}
Exit status: 0 every file is the same as its sync, 1 some file differs, 2 some file could not be
compared (not linked, unreadable, syntax errors, the sync could not be read) or bad usage.
`;

interface FileDiff {
  file: string;
  syncId?: string;
  status: 'same' | 'differs' | 'error';
  differences: Difference[];
  error?: string;
}

export async function runDiff(args: string[], rawIO: CliIO): Promise<number> {
  const { options, positionals } = parseOptions(args, { ...CONNECTION_OPTIONS, format: { type: 'string' } });
  if (options.help) {
    rawIO.stdout(DIFF_USAGE);
    return 0;
  }
  const format = typeof options.format === 'string' ? options.format.toLowerCase() : 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got ${String(options.format)})`);
  if (positionals.length === 0) throw new UsageError('name the files to compare, e.g. polysync diff syncs/');
  const concurrency = concurrencyOf(options);
  const { files, problems } = resolveFileArguments(positionals, { cwd: rawIO.cwd });
  const session = openSession(rawIO, options, concurrency);
  if ('error' in session) {
    rawIO.stderr(`polysync diff: ${session.error}\n`);
    return 2;
  }
  const { io } = session;
  for (const p of problems) io.stderr(`polysync diff: ${p.argument}: ${p.reason}\n`);
  const bar = progress(io, 'comparing', files.length);
  const results = await eachLimited(files, concurrency, async (file): Promise<FileDiff> => {
    const loaded = loadFile(io, file);
    if ('error' in loaded) return { file, status: 'error', differences: [], error: loaded.error };
    if (loaded.link.linked === false) return { file, status: 'error', differences: [], error: `${file} is not linked to a bulk sync (no "polysync" key); pull the sync, or apply the file to create one` };
    if (loaded.link.linked === 'invalid') {
      const at = loaded.link.range.start;
      return { file, status: 'error', differences: [], error: `${file}:${at.line + 1}:${at.character + 1}: ${loaded.link.message}` };
    }
    const syncId = loaded.link.link.sync_id;
    const prepared = prepareRequestBody(loaded.doc);
    if ('error' in prepared) return { file, syncId, status: 'error', differences: [], error: `${file}: ${prepared.error}` };
    try {
      const live = await readLiveSync(session.api, syncId);
      const differences = diffBodyWithLive(prepared.body, live);
      return { file, syncId, status: differences.length ? 'differs' : 'same', differences };
    } catch (error) {
      return { file, syncId, status: 'error', differences: [], error: `${file}: ${describeSyncError(error, syncId)}` };
    }
  }, (done) => bar.update(done));
  bar.end();

  if (format === 'json') {
    const totals = { files: results.length, same: 0, differs: 0, error: 0 };
    for (const r of results) totals[r.status] += 1;
    io.stdout(`${JSON.stringify({ formatVersion: JSON_FORMAT_VERSION, totals, files: results }, null, 2)}\n`);
  } else {
    for (const r of results) {
      if (r.status === 'error') io.stderr(`polysync diff: ${r.error}\n`);
      else if (r.status === 'same') io.stdout(`${r.file}: same as bulk sync ${r.syncId}\n`);
      else {
        io.stdout(`${r.file}: ${r.differences.length} difference${r.differences.length === 1 ? '' : 's'} from bulk sync ${r.syncId}\n`);
        for (const d of r.differences) io.stdout(`  ${d.path}: file ${showValue(d.file)}, live ${showValue(d.live)}\n`);
      }
    }
  }
  if (problems.length > 0 || results.some((r) => r.status === 'error')) return 2;
  return results.some((r) => r.status === 'differs') ? 1 : 0;
}
