// "Polysync: Import Bulk Sync": pick one of the account's syncs and, in a multi-root workspace, the folder;
// write its linked file there (asking before replacing one) and open it. A sync a workspace file is
// already linked to is not imported again (two files linked to one sync would undo each other's
// updates): a warning names the file and offers to open it. The server lists and pulls
// (polysync/listBulkSyncs, pullBulkSync) with the key it holds, or, where the user agreed to the API URL
// the workspace names (Create's question), that URL with the key stored for it: the account the
// workspace's syncs are created at is the one they are imported from (./account.ts).
import { ListBulkSyncs, PullBulkSync } from '../../../protocol/messages';
import { chooseImportFolder } from '../importFolder';
import { accountParam } from './account';
import type { FlowEnv } from './flowEnv';
import { filesLinkedTo } from './linkedFiles';

export type ImportOutcome =
  | { kind: 'imported'; uri: string; syncId: string }
  /** `linked`: workspace files already linked to the picked sync (nothing was written). */
  | { kind: 'stopped'; reason: 'already-linked'; linked: string[] }
  | { kind: 'stopped'; reason: 'no-folder' | 'failed' | 'empty' | 'declined' | 'no-key' };

export async function importBulkSync(env: FlowEnv): Promise<ImportOutcome> {
  const { ui, request } = env;
  if (ui.workspaceFolders().length === 0) {
    ui.showError('Import Bulk Sync writes the sync into a workspace folder, and none is open: open a folder first.');
    return { kind: 'stopped', reason: 'no-folder' };
  }
  const account = await accountParam(env);
  if (!account) return { kind: 'stopped', reason: 'no-key' };
  // Read while the account's syncs are listed; needed once one is picked.
  const syncFiles = ui.workspaceSyncFiles();
  syncFiles.catch(() => undefined);
  const listed = await ui.withProgress('Reading bulk syncs…', (signal) => request(ListBulkSyncs, account.account ? account : null, signal));
  if (listed.kind !== 'ok') {
    ui.showError(`Could not list the bulk syncs: ${listed.message}`);
    return { kind: 'stopped', reason: 'failed' };
  }
  if (listed.syncs.length === 0) {
    ui.showInfo('The account has no bulk syncs to import.');
    return { kind: 'stopped', reason: 'empty' };
  }
  const picked = await ui.pick(
    listed.syncs.map((s) => ({
      label: s.name,
      description: `${s.sourceConnectionName ?? s.sourceConnectionId} → ${s.destinationConnectionName ?? s.destinationConnectionId}`,
      detail: [s.schedule, s.active === false ? 'inactive' : undefined, s.id].filter(Boolean).join(' · '),
      id: s.id,
    })),
    { title: 'Import Bulk Sync', placeHolder: 'The bulk sync to keep in a file', matchOnDetail: true },
  );
  if (!picked) return { kind: 'stopped', reason: 'declined' };
  const linked = filesLinkedTo(await syncFiles.catch(() => []), picked.id);
  if (linked.length > 0) {
    const where = linked.map((uri) => ui.relativePath(uri)).join(', ');
    ui.showWarning(`"${picked.label}" is already kept in ${where}. Nothing was written: a second file linked to the same sync would overwrite its updates.`, [
      { title: 'Open File', run: () => ui.showDocument(linked[0]) },
    ]);
    return { kind: 'stopped', reason: 'already-linked', linked };
  }
  // Asked on every import in a multi-root workspace (nothing is remembered); never with one folder.
  const where = await chooseImportFolder(ui.workspaceFolders(), (items) => ui.pick(items, { title: 'Import Bulk Sync', placeHolder: `The workspace folder to write ${picked.label} into` }));
  if (where.kind === 'none') {
    ui.showError('The workspace has no folder to import into any more: open a folder first.');
    return { kind: 'stopped', reason: 'no-folder' };
  }
  if (where.kind === 'cancelled') return { kind: 'stopped', reason: 'declined' };
  const pulled = await ui.withProgress(`Reading ${picked.label}…`, (signal) => request(PullBulkSync, { syncId: picked.id, ...account }, signal));
  if (pulled.kind !== 'ok') {
    ui.showError(`Could not import ${picked.label}: ${pulled.message}`);
    return { kind: 'stopped', reason: 'failed' };
  }
  const target = ui.fileIn(where.folder, pulled.fileName);
  if (await ui.fileExists(target)) {
    const overwrite = await ui.ask(`${pulled.fileName} already exists.`, `Replace it with the bulk sync ${pulled.name}?`, ['Replace']);
    if (overwrite !== 'Replace') return { kind: 'stopped', reason: 'declined' };
  }
  await ui.writeFile(target, pulled.text);
  await ui.showDocument(target);
  ui.log(`Imported bulk sync ${picked.id} into ${target}`);
  return { kind: 'imported', uri: target, syncId: picked.id };
}
