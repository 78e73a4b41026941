// `polysync diff FILE...`: each linked file against its live sync, one line per field path.
import { compareWithLive, type Difference, prepareRequestBody } from '../../operations';
import type { CliIO } from '../io';
import { JSON_FORMAT_VERSION } from '../report';
import { CONNECTION_HELP, describeSyncError } from './common';
import { forEachFile, formatOf, loadLinkedFile, prepareSyncCommand } from './preamble';
import { showValue, WOULD_CREATE } from './words';

export const DIFF_USAGE = `Usage: polysync diff [options] [FILES, FOLDERS or GLOBS...]

For each linked file (one with a "polysync" key), the differences between the file and its live bulk
sync: one line per field path with the file's value and the live value. What means the same is not
reported: defaults the API fills in, key order, null and absent where the API treats them alike, a
schema written as its id or with every field, "obfuscate" and "obfuscated". A file that is not
linked yet is reported as one "polysync apply" would create a sync from. With no argument the
current folder is searched.

Options:
  --format text|json      output format (default text); JSON has formatVersion and one entry per file
${CONNECTION_HELP}
Exit status: 0 every file is the same as its sync, 1 some file differs or is not linked yet (apply
would create its sync), 2 some file could not be compared (unreadable, syntax errors, an unusable
link, the sync could not be read) or bad usage.
`;

interface FileDiff {
  file: string;
  syncId?: string;
  /** `create`: the file is not linked; apply would create a sync from it. */
  status: 'same' | 'differs' | 'create' | 'error';
  differences: Difference[];
  error?: string;
}

export async function runDiff(args: string[], rawIO: CliIO): Promise<number> {
  const prepared = prepareSyncCommand(args, rawIO, {
    name: 'diff',
    usage: DIFF_USAGE,
    options: { format: { type: 'string' } },
    files: 'many',
    noFiles: 'current-folder',
    checkOptions: formatOf,
  });
  if (typeof prepared === 'number') return prepared;
  const format = formatOf(prepared.options);
  const { io, api } = prepared;
  const results = await forEachFile(prepared, 'comparing', async (file): Promise<FileDiff> => {
    const linked = loadLinkedFile(io, file, 'pull the sync, or apply the file to create one');
    if ('error' in linked && linked.unlinked) return { file, status: 'create', differences: [] };
    if ('error' in linked) return { file, status: 'error', differences: [], error: linked.error };
    const syncId = linked.link.sync_id;
    const body = prepareRequestBody(linked.loaded.doc);
    if ('error' in body) return { file, syncId, status: 'error', differences: [], error: `${file}: ${body.error}` };
    try {
      const { differences } = await compareWithLive(api, linked.link, body.body);
      return { file, syncId, status: differences.length ? 'differs' : 'same', differences };
    } catch (error) {
      return { file, syncId, status: 'error', differences: [], error: `${file}: ${describeSyncError(error, syncId)}` };
    }
  });

  if (format === 'json') {
    const totals = { files: results.length, same: 0, differs: 0, create: 0, error: 0 };
    for (const r of results) totals[r.status] += 1;
    io.stdout(`${JSON.stringify({ formatVersion: JSON_FORMAT_VERSION, totals, files: results }, null, 2)}\n`);
  } else {
    for (const r of results) {
      if (r.status === 'error') io.stderr(`polysync diff: ${r.error}\n`);
      else if (r.status === 'same') io.stdout(`${r.file}: same as bulk sync ${r.syncId}\n`);
      else if (r.status === 'create') io.stdout(`${r.file}: ${WOULD_CREATE}\n`);
      else {
        io.stdout(`${r.file}: ${r.differences.length} difference${r.differences.length === 1 ? '' : 's'} from bulk sync ${r.syncId}\n`);
        for (const d of r.differences) io.stdout(`  ${d.path}: file ${showValue(d.file)}, live ${showValue(d.live)}\n`);
      }
    }
  }
  if (prepared.badArguments || results.some((r) => r.status === 'error')) {
    prepared.sayApiUrlHint(prepared.say);
    return 2;
  }
  prepared.sayApiUrlHint(prepared.say);
  return results.some((r) => r.status === 'differs' || r.status === 'create') ? 1 : 0;
}
