// `polysync link FILE SYNC_ID`: ties a file to a bulk sync that already exists, changing nothing in
// Polytomic (it only reads the sync). The way out when a sync exists and the file does not say so: a
// pipeline whose push of the link failed, a sync made in the app, a file written by hand.
import { bareLink } from '../../operations';
import { syntaxErrorMessage } from '../../service';
import { type CliIO, parseOptions, UsageError } from '../io';
import { CONNECTION_HELP, CONNECTION_OPTIONS, concurrencyOf, describeSyncError, loadFile, openSession, saveLink } from './common';
import { linkNotes } from './linkNotes';

export const LINK_USAGE = `Usage: polysync link FILE SYNC_ID [--force] [options]

Links FILE to the existing bulk sync SYNC_ID: writes the "polysync" key into FILE (its comments and
layout are kept) and changes nothing in Polytomic: the sync is only read. Use it when the sync exists
already: one a pipeline created from this file before its push of the link failed (create and apply
refuse to make a second one and name it), one made in the app, or a file written by hand.

Afterwards "polysync diff FILE" shows where the file and the sync differ, and "polysync apply FILE"
makes the sync what the file says. A file already linked to another sync is refused unless --force.

Options:
  --force                 replace a link to another sync (or renew the link to this one)
${CONNECTION_HELP}
Exit status: 0 linked (or already linked to that sync), 1 not linked (linked to another sync, the
sync does not exist, the API failed, the file could not be written), 2 bad usage, settings, or a
file that cannot be read or is not one JSON object.
`;

export async function runLink(args: string[], rawIO: CliIO): Promise<number> {
  const { options, positionals } = parseOptions(args, { ...CONNECTION_OPTIONS, force: { type: 'boolean' } });
  if (options.help) {
    rawIO.stdout(LINK_USAGE);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError(positionals.length < 2 ? 'name the file and the bulk sync id, e.g. polysync link orders.polysync.json 4e5f6a7b-...' : `link takes one file and one sync id (got ${positionals.length} arguments)`);
  const [file, syncId] = positionals.map((p) => p.trim());
  if (syncId === '') throw new UsageError('the sync id is empty');
  const force = options.force === true;
  const session = openSession(rawIO, options, concurrencyOf(options));
  if ('error' in session) {
    rawIO.stderr(`polysync link: ${session.error}\n`);
    return 2;
  }
  const { io, api } = session;
  const say = (line: string) => io.stderr(`polysync link: ${line}\n`);

  const loaded = loadFile(io, file);
  if ('error' in loaded) {
    say(loaded.error);
    return 2;
  }
  const root = loaded.doc.root;
  if (!root || root.type !== 'object' || loaded.doc.syntaxErrors.length > 0) {
    const syntax = loaded.doc.syntaxErrors[0];
    const at = syntax ? loaded.doc.positionAt(syntax.offset) : undefined;
    const where = at ? `${file}:${at.line + 1}:${at.character + 1}` : file;
    const why = syntax ? ` (${syntaxErrorMessage(syntax)})` : '';
    say(`${where}: the file is not one JSON object${why}, so it cannot take the link; nothing was written. Fix it ("polysync check ${file}") and link again.`);
    return 2;
  }
  const current = loaded.link;
  if (current.linked === true) {
    const linkedTo = current.link.sync_id;
    if (linkedTo === syncId && !force) {
      io.stderr(`polysync link: ${file} is already linked to bulk sync ${syncId}; nothing was changed.\n`);
      return 0;
    }
    if (linkedTo !== syncId && !force) {
      say(`${file} is already linked to bulk sync ${linkedTo}; nothing was changed. Run with --force to link it to ${syncId} instead (${linkedTo} itself is not changed).`);
      return 1;
    }
  }

  let sync;
  try {
    sync = await api.getBulkSync(syncId);
  } catch (error) {
    say(`${describeSyncError(error, syncId)}; ${file} was not linked.`);
    session.sayApiUrlHint(say);
    return 1;
  }
  // No base: until the first apply or pull the file is compared two ways, on what it sets, so a key
  // the file never mentions is not a difference (a base made now would call it removed from the file).
  // Paths the file's old link left to the app stay so.
  const ignore = current.linked === true ? current.link.ignore : [];
  const problem = saveLink(io, loaded, bareLink(sync, ignore));
  if (problem) {
    say(`${problem}; nothing was changed.`);
    return 1;
  }
  io.stdout(`${file}: linked to bulk sync ${syncId}${sync.name ? ` "${sync.name}"` : ''}\n`);
  for (const note of linkNotes(loaded.doc, sync)) say(`note: ${note}`);
  const replaced = current.linked === true && current.link.sync_id !== syncId ? ` (it was linked to ${current.link.sync_id})` : current.linked === 'invalid' ? ' (the unusable link it had was replaced)' : '';
  io.stderr(`polysync link: nothing was changed in Polytomic${replaced}. Run "polysync diff ${file}" to see where the file and the sync differ, and "polysync apply ${file}" to make the sync what the file says.\n`);
  return 0;
}
