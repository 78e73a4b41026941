// Where Import Bulk Sync writes its file: no workspace folder, no import; one folder, that one, without a
// question; several (a multi-root workspace), the folder the user picks each time (nothing is remembered).
// Kept apart from the vscode API so that the choice is unit-tested (test/unit/import-folder.test.ts).

/** The part of a workspace folder the choice needs (vscode.WorkspaceFolder has it). */
export interface FolderLike {
  readonly name: string;
  readonly index: number;
  readonly uri: { readonly fsPath: string; toString(): string };
}

/** One row of the question: the folder's name, and its path where two folders share a name. */
export interface FolderItem<F extends FolderLike> {
  label: string;
  description?: string;
  folder: F;
}

export type FolderChoice<F extends FolderLike> = { kind: 'none' } | { kind: 'cancelled' } | { kind: 'chosen'; folder: F };

export function folderItems<F extends FolderLike>(folders: readonly F[]): FolderItem<F>[] {
  const counts = new Map<string, number>();
  for (const f of folders) counts.set(f.name, (counts.get(f.name) ?? 0) + 1);
  return folders.map((folder) => ((counts.get(folder.name) ?? 0) > 1 ? { label: folder.name, description: folder.uri.fsPath, folder } : { label: folder.name, folder }));
}

/**
 * The folder to import into. `pick` is asked only when there are several folders, with one item per
 * folder in the workspace's order; it answers the picked item or undefined when dismissed.
 */
export async function chooseImportFolder<F extends FolderLike>(
  folders: readonly F[] | undefined,
  pick: (items: FolderItem<F>[]) => PromiseLike<FolderItem<F> | undefined>,
): Promise<FolderChoice<F>> {
  if (!folders || folders.length === 0) return { kind: 'none' };
  if (folders.length === 1) return { kind: 'chosen', folder: folders[0] };
  const picked = await pick(folderItems(folders));
  return picked ? { kind: 'chosen', folder: picked.folder } : { kind: 'cancelled' };
}
