// "Polysync: Import Bulk Sync": pick one of the account's syncs and, in a multi-root workspace, the folder;
// write its linked file there (asking before replacing one) and open it. The server lists and pulls
// (polysync/listBulkSyncs, pullBulkSync) with the key it holds; nothing here sees the key.
import { ListBulkSyncs, PullBulkSync } from '../../../protocol/messages';
import { chooseImportFolder } from '../importFolder';
import type { FlowEnv } from './flowEnv';

export type ImportOutcome = { kind: 'imported'; uri: string; syncId: string } | { kind: 'stopped'; reason: 'no-folder' | 'failed' | 'empty' | 'declined' };

export async function importBulkSync({ ui, request }: FlowEnv): Promise<ImportOutcome> {
  if (ui.workspaceFolders().length === 0) {
    ui.showError('Import Bulk Sync writes the sync into a workspace folder, and none is open: open a folder first.');
    return { kind: 'stopped', reason: 'no-folder' };
  }
  const listed = await ui.withProgress('Reading bulk syncs…', (signal) => request(ListBulkSyncs, null, signal));
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
  // Asked on every import in a multi-root workspace (nothing is remembered); never with one folder.
  const where = await chooseImportFolder(ui.workspaceFolders(), (items) => ui.pick(items, { title: 'Import Bulk Sync', placeHolder: `The workspace folder to write ${picked.label} into` }));
  if (where.kind === 'none') {
    ui.showError('The workspace has no folder to import into any more: open a folder first.');
    return { kind: 'stopped', reason: 'no-folder' };
  }
  if (where.kind === 'cancelled') return { kind: 'stopped', reason: 'declined' };
  const pulled = await ui.withProgress(`Reading ${picked.label}…`, (signal) => request(PullBulkSync, { syncId: picked.id }, signal));
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
