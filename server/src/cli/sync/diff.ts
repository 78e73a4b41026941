// `polysync diff FILE...`: each linked file against its live sync, one line per field path.
import { compareWithLive, type Difference, prepareRequestBody } from '../../operations';
import type { CliIO } from '../io';
import { JSON_FORMAT_VERSION } from '../report';
import { CONNECTION_HELP, describeSyncError } from './common';
import { forEachFile, formatOf, loadLinkedFile, prepareSyncCommand } from './preamble';
import { notReadLine } from './notRead';
import { showTime } from './times';
import { showValue, WOULD_CREATE } from './words';

export const DIFF_USAGE = `Usage: polysync diff [options] [FILES, FOLDERS or GLOBS...]

For each linked file (one with a "polysync" key), the differences between the file and its live bulk
sync, one line per field path with the file's value and the live value. The comparison is three-way:
the file, the live sync, and both as they were at the file's last create, apply or pull (the link's
"base"). So what the API fills in, reads back in its own form or adds is not a difference when nobody
changed it, and neither is a path in the link's "ignore". A difference whose live side changed since
then says "changed in Polytomic by NAME at TIME"; schemas and fields the sync's automatic discovery
added say so (information: apply leaves them). A link without a base (written by an older Polysync) is
compared two ways, on what the file sets, until the next apply or pull.
A file that is not linked yet is reported as one "polysync apply" would create a sync from. With
no argument the current folder is searched.
The sync and its schema list are always read. The fields and filters of a schema (one request each)
are read only when something says they may have changed: the sync's updated_at is not the link's, or
the schema's list item (selection, tracking field, partition key, cutoffs, output name) differs from
the base. Otherwise they are the base's (a change to a schema moves the sync's updated_at: an
assumption, the API does not document it), and the output says which schemas were not read and since
when; --read-schemas reads every schema.

Options:
  --format text|json      output format (default text); JSON has formatVersion and one entry per file,
                          each difference with editedInFile, changedInPolytomic and discovered, and
                          schemasNotRead ({since, schemas}) when some schemas were not read
  --read-schemas          read every selected schema, even those the link says are unchanged
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
  /** Who last changed the live sync and when (for the differences changed in Polytomic). */
  changedBy?: string;
  changedAt?: string;
  /** The link keeps no base: compared two ways. */
  twoWay?: boolean;
  /** Schemas whose fields and filters were taken from the link's base, not read, and the link's updated_at. */
  schemasNotRead?: { since: string; schemas: string[] };
  error?: string;
}

export async function runDiff(args: string[], rawIO: CliIO): Promise<number> {
  const prepared = prepareSyncCommand(args, rawIO, {
    name: 'diff',
    usage: DIFF_USAGE,
    options: { format: { type: 'string' }, 'read-schemas': { type: 'boolean' } },
    files: 'many',
    noFiles: 'current-folder',
    checkOptions: formatOf,
  });
  if (typeof prepared === 'number') return prepared;
  const format = formatOf(prepared.options);
  const { io, api } = prepared;
  const schemaReads = prepared.options['read-schemas'] === true ? 'all' : 'changed';
  const results = await forEachFile(prepared, 'comparing', async (file): Promise<FileDiff> => {
    const linked = loadLinkedFile(io, file, 'pull the sync, or apply the file to create one');
    if ('error' in linked && linked.unlinked) return { file, status: 'create', differences: [] };
    if ('error' in linked) return { file, status: 'error', differences: [], error: linked.error };
    const syncId = linked.link.sync_id;
    const body = prepareRequestBody(linked.loaded.doc);
    if ('error' in body) return { file, syncId, status: 'error', differences: [], error: `${file}: ${body.error}` };
    try {
      const { differences, changedBy, changedAt, twoWay, notRead } = await compareWithLive(api, linked.link, body.body, { schemaReads });
      return {
        file,
        syncId,
        status: differences.length ? 'differs' : 'same',
        differences,
        ...(changedBy ? { changedBy } : {}),
        ...(changedAt ? { changedAt } : {}),
        ...(twoWay ? { twoWay } : {}),
        ...(notRead ? { schemasNotRead: { since: notRead.since, schemas: notRead.schemas } } : {}),
      };
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
      else if (r.status === 'same') io.stdout(`${r.file}: same as bulk sync ${r.syncId}\n${notReadLine(io, r)}`);
      else if (r.status === 'create') io.stdout(`${r.file}: ${WOULD_CREATE}\n`);
      else {
        io.stdout(`${r.file}: ${r.differences.length} difference${r.differences.length === 1 ? '' : 's'} from bulk sync ${r.syncId}\n`);
        for (const d of r.differences) io.stdout(`  ${d.path}: file ${showValue(d.file, d.path)}, live ${showValue(d.live, d.path)}${differenceNote(io, d, r)}\n`);
        if (r.twoWay) io.stdout('  (the link keeps no base yet: compared two ways until the next apply or pull)\n');
        io.stdout(notReadLine(io, r));
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

/** What a difference line adds: who changed it in Polytomic and when, or that discovery added it. */
function differenceNote(io: CliIO, d: Difference, r: FileDiff): string {
  if (d.discovered) return ' (added by automatic discovery; apply leaves it)';
  if (!d.changedInPolytomic) return '';
  const by = r.changedBy ? ` by ${r.changedBy}` : '';
  const at = r.changedAt ? ` at ${showTime(io, r.changedAt)}` : '';
  return ` (changed in Polytomic${by}${at}${d.editedInFile ? '; edited in the file too' : ''})`;
}

