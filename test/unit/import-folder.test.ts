// Where Import Bulk Sync writes in a workspace with no folder, one folder or several (client/src/importFolder.ts).
// The quick pick itself is VS Code's; the extension-host suite cannot open a multi-root workspace (adding a
// folder to a single-folder window makes the workbench open a new workspace), so this is where the choice
// is tested.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseImportFolder, type FolderItem, type FolderLike, folderItems } from '../../client/src/importFolder';

const folder = (index: number, name: string, fsPath = `/work/${name}`): FolderLike => ({ index, name, uri: { fsPath, toString: () => `file://${fsPath}` } });

/** A pick that records what it was shown and answers with the item at `answer` (undefined: dismissed). */
function picker(answer: number | undefined) {
  const shown: FolderItem<FolderLike>[][] = [];
  const pick = async (items: FolderItem<FolderLike>[]) => {
    shown.push(items);
    return answer === undefined ? undefined : items[answer];
  };
  return { shown, pick };
}

describe('chooseImportFolder', () => {
  test('no workspace folder: none, and nothing is asked', async () => {
    for (const folders of [undefined, []]) {
      const { shown, pick } = picker(0);
      assert.deepEqual(await chooseImportFolder(folders, pick), { kind: 'none' });
      assert.equal(shown.length, 0);
    }
  });

  test('one folder: that folder, and nothing is asked', async () => {
    const only = folder(0, 'syncs');
    const { shown, pick } = picker(undefined);
    assert.deepEqual(await chooseImportFolder([only], pick), { kind: 'chosen', folder: only });
    assert.equal(shown.length, 0);
  });

  test('several folders: asks with each folder by name, in the workspace order, and answers the picked one', async () => {
    const folders = [folder(0, 'app'), folder(1, 'syncs'), folder(2, 'infra')];
    const { shown, pick } = picker(1);
    assert.deepEqual(await chooseImportFolder(folders, pick), { kind: 'chosen', folder: folders[1] });
    assert.equal(shown.length, 1);
    assert.deepEqual(shown[0].map((i) => i.label), ['app', 'syncs', 'infra']);
    assert.ok(shown[0].every((i) => i.description === undefined), 'distinct names need no path');
  });

  test('several folders, the question dismissed: cancelled, not the first folder', async () => {
    const { shown, pick } = picker(undefined);
    assert.deepEqual(await chooseImportFolder([folder(0, 'app'), folder(1, 'syncs')], pick), { kind: 'cancelled' });
    assert.equal(shown.length, 1);
  });

  test('asks again on every import: nothing is remembered between two calls', async () => {
    const folders = [folder(0, 'app'), folder(1, 'syncs')];
    const first = picker(1);
    assert.equal((await chooseImportFolder(folders, first.pick)).kind, 'chosen');
    const second = picker(0);
    assert.deepEqual(await chooseImportFolder(folders, second.pick), { kind: 'chosen', folder: folders[0] });
    assert.equal(second.shown.length, 1);
  });
});

describe('folderItems', () => {
  test('folders that share a name are told apart by their path; others show the name only', () => {
    const items = folderItems([folder(0, 'syncs', '/a/syncs'), folder(1, 'syncs', '/b/syncs'), folder(2, 'infra')]);
    assert.deepEqual(items.map((i) => [i.label, i.description]), [['syncs', '/a/syncs'], ['syncs', '/b/syncs'], ['infra', undefined]]);
    assert.deepEqual(items.map((i) => i.folder.index), [0, 1, 2]);
  });
});
