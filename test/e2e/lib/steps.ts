// Steps the VS Code suites share (vscode.test.ts, the desktop build; web.test.ts, the web build in the
// browser's web worker host): what a user does to a fixture and what the workbench must show, asserted the
// same way in both, so that the two builds are held to one standard.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { IDS } from '../../sandbox/fixtures';
import type { Sandbox } from '../../sandbox/server';
import { FIXTURES_DIR, LANGUAGE_NAME } from './paths';
import { waitUntil } from './processes';
import type { ProblemRow, Workbench } from './workbench';

export const VALID = 'orders-to-warehouse.polysync.json';
export const BROKEN = 'broken-syntax.polysync.json';
export const MISSPELLED = 'misspelled-mode.polysync.json';
export const UNKNOWN_CONNECTION = 'unknown-connection.polysync.json';

/**
 * The bulk sync the "keep a sync as code" steps import: made in Polytomic (the sandbox), not by Create,
 * so these steps do not depend on what Create does with its file.
 */
export const KEPT = {
  name: 'HubSpot to Data Lake',
  mode: 'snapshot',
  source_connection_id: IDS.hubspot,
  destination_connection_id: IDS.s3,
  destination_configuration: { format: 'parquet' },
  default_schedule: { frequency: 'daily', hour: '6', minute: '15' },
  schemas: ['contacts', 'deals'],
};
/** Where Import writes it: the name in lower case with dashes. */
export const KEPT_FILE = 'hubspot-to-data-lake.polysync.json';

/** 1-based line and column of `needle` in a fixture (or in `file`), as the editor counts them. */
export function locate(fileName: string, needle: string, offset = 0, file = path.join(FIXTURES_DIR, 'workspace', fileName)): { line: number; column: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} not in ${fileName}`);
  return { line: line + 1, column: lines[line].indexOf(needle) + 1 + offset };
}

export const isSyntaxError = (r: ProblemRow) => r.source === 'polysync' && r.code === 'PS001';

/** The missing comma of BROKEN: a PS001 row in Problems at its place, the message naming the comma, a squiggle. */
export async function syntaxErrorShown(wb: Workbench): Promise<void> {
  await wb.openFile(BROKEN);
  const row = await wb.waitForProblem('source polysync and code PS001', isSyntaxError);
  assert.equal(row.file, BROKEN);
  assert.equal(row.severity, 'error');
  assert.equal(row.position, '[Ln 4, Col 3]');
  assert.match(row.message, /`,`/);
  assert.ok((await wb.waitForSquiggle('error')) >= 1);
}

/** Hovering `mode` in VALID documents it with its two values. */
export async function hoverShowsMode(wb: Workbench): Promise<void> {
  await wb.openFile(VALID);
  const at = locate(VALID, '"mode"', 2);
  const text = await wb.hoverAt(at.line, at.column);
  assert.match(text, /mode/);
  assert.match(text, /snapshot/);
  assert.match(text, /replicate/);
}

/** Completion inside VALID's mode value offers exactly the two modes. */
export async function completesMode(wb: Workbench): Promise<void> {
  await wb.openFile(VALID);
  const at = locate(VALID, '"replicate"', 1);
  await wb.goTo(at.line, at.column);
  // Retried: the list can render before the server's answer has replaced the word-based one.
  const labels = await wb.waitForCompletions('exactly the two modes', (l) => [...l].sort().join() === 'replicate,snapshot');
  assert.deepEqual([...labels].sort(), ['replicate', 'snapshot']);
}

/** MISSPELLED's PS104 row, then its quick fix applied: the row goes and the text says "replicate". */
export async function quickFixesMode(wb: Workbench): Promise<void> {
  await misspelledModeShown(wb);
  const at = locate(MISSPELLED, '"replicat"', 2);
  await wb.goTo(at.line, at.column);
  const titles = await wb.quickFixes();
  assert.ok(titles.includes('Change to "replicate"'), JSON.stringify(titles));
  await wb.applyQuickFix('Change to "replicate"');
  await wb.waitForNoProblem('code PS104', (r) => r.file === MISSPELLED && r.code === 'PS104');
  assert.match(await wb.visibleEditorText(), /"mode": "replicate",/);
}

/** MISSPELLED open, its PS104 row in Problems suggesting the right mode. */
export async function misspelledModeShown(wb: Workbench): Promise<ProblemRow> {
  await wb.openFile(MISSPELLED);
  const row = await wb.waitForProblem('code PS104', (r) => r.file === MISSPELLED && r.code === 'PS104');
  assert.match(row.message, /Did you mean `replicate`\?/);
  return row;
}

/**
 * PS104's code link clicked in Problems: the Markdown preview of the docs opens (rendered), scrolled down
 * to the code's own heading, which sits at the top of its view.
 */
export async function codeLinkShowsEntry(wb: Workbench): Promise<void> {
  await misspelledModeShown(wb);
  await wb.clickProblemCode('PS104');
  // The preview (a webview), not the Markdown source in a text editor.
  await waitUntil('a "Preview diagnostics.md" tab', async () => (await wb.activeTabTitle()) === 'Preview diagnostics.md', {
    timeoutMs: wb.timeoutMs,
    explain: async () => `active tab: ${await wb.activeTabTitle()}`,
  });
  assert.equal(await wb.page.locator('.editor-group-container.active .monaco-editor .view-lines:visible').count(), 0, 'no text editor shows the source');
  const where = await wb.webviewElement('ps104');
  assert.equal(where.text, 'PS104');
  assert.ok(where.scrollY > 0, `the preview scrolled down to the entry: ${JSON.stringify(where)}`);
  assert.ok(where.top >= -1 && where.top < where.height / 2, `the entry is at the top of the view: ${JSON.stringify(where)}`);
}

/**
 * Import Bulk Sync: the quick pick lists every sync of the account by name (connections named, the
 * schedule in words); picking KEPT writes its file into the workspace, linked to the sync, and opens it.
 * Answers the sync's id and the file's path.
 */
export async function importKept(wb: Workbench, sandbox: Sandbox, workspace: string, syncId: string): Promise<{ id: string; file: string; updatedAt: string }> {
  await wb.runCommand('Polysync: Import Bulk Sync...');
  await wb.inputBox('Import Bulk Sync');
  const items = await waitUntil(
    `the quick pick to list the account's ${sandbox.state.syncs.length} syncs`,
    async () => {
      const rows = await wb.quickPickItems();
      return rows.length === sandbox.state.syncs.length ? rows : undefined;
    },
    { timeoutMs: wb.timeoutMs, intervalMs: 200, explain: async () => `rows: ${await wb.quickInputRowTexts()}` },
  );
  assert.deepEqual(items.map((i) => i.label).sort(), sandbox.state.syncs.map((s) => s.name).sort());
  // Connections by name, the schedule in words, then the id.
  assert.deepEqual(items.find((i) => i.label === KEPT.name), { label: KEPT.name, description: 'HubSpot Marketing → Data Lake', detail: `daily at 06:15 UTC · ${syncId}` });
  for (const item of items) assert.doesNotMatch(item.description, /[0-9a-f]{8}-[0-9a-f]{4}-/, `connections are named, not ids: ${JSON.stringify(item)}`);
  await wb.screenshot('import-quick-pick');
  await wb.pickQuickInput(KEPT.name);
  await waitUntil(`the imported ${KEPT_FILE} to be the active editor`, async () => (await wb.activeTabLabel()) === KEPT_FILE, {
    timeoutMs: wb.timeoutMs,
    explain: async () => `active tab: ${await wb.activeTabLabel()}`,
  });
  await wb.waitForLanguageMode(LANGUAGE_NAME);
  // The link is folded once the file opens: its key shows, its members do not.
  let text = '';
  await waitUntil('the link to be folded', async () => /^\s*"polysync": \{/m.test((text = await wb.visibleEditorText())) && !text.includes('"sync_id"'), {
    timeoutMs: wb.timeoutMs,
    explain: () => text.split('\n').slice(-6).join('\n'),
  });
  assert.match(text, /^\s*"name": "HubSpot to Data Lake",$/m);
  const file = path.join(workspace, KEPT_FILE);
  const written = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(written.name, KEPT.name);
  assert.deepEqual(written.default_schedule, KEPT.default_schedule);
  assert.equal(written.polysync.sync_id, syncId);
  const sync = sandbox.state.syncs.find((s) => s.id === syncId);
  assert.equal(written.polysync.updated_at, sync?.updated_at);
  return { id: syncId, file, updatedAt: written.polysync.updated_at };
}

/** Types "9" over the default schedule's hour ("6") of the imported file and saves it. */
export async function editKeptHour(wb: Workbench, file: string): Promise<void> {
  const at = locate(KEPT_FILE, '"hour": "6"', '"hour": "'.length, file);
  await wb.goTo(at.line, at.column);
  await wb.press('Shift+ArrowRight');
  await wb.typeText('9');
  assert.match((await wb.visibleEditorText()).split('\n')[at.line - 1], /^\s*"hour": "9",$/);
  await wb.save();
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).default_schedule.hour, '9');
}

/**
 * After Show Changes on the edited file: a diff editor of the live sync (read-only `polysync-live:`, the
 * hour still "6") against the file (the hour "9"), the changed line marked on both sides.
 */
export async function keptChangesShown(wb: Workbench, file: string): Promise<void> {
  await waitUntil("the diff editor's tab", async () => (await wb.activeTabTitle()) === `${KEPT.name}: Polytomic ↔ ${KEPT_FILE}`, {
    timeoutMs: wb.timeoutMs,
    explain: async () => `active tab: ${await wb.activeTabTitle()}`,
  });
  let seen: Awaited<ReturnType<Workbench['diffEditor']>> | undefined;
  const diff = await waitUntil(
    'the diff editor to show hour "6" on the live side and "9" in the file',
    async () => {
      seen = await wb.diffEditor();
      return /"hour": "6",/.test(seen.original.text) && /"hour": "9",/.test(seen.modified.text) ? seen : undefined;
    },
    { timeoutMs: wb.timeoutMs, explain: () => JSON.stringify(seen) },
  );
  assert.ok(diff.original.uri.startsWith('polysync-live:'), `the left side is the live sync: ${diff.original.uri}`);
  assert.equal(decodeURIComponent(new URL(diff.modified.uri).pathname), file, 'the right side is the file');
  assert.doesNotMatch(diff.original.text, /"hour": "9"/);
  assert.doesNotMatch(diff.modified.text, /"hour": "6"/);
  const marks = await wb.diffLineMarks();
  assert.ok(marks.removed >= 1 && marks.added >= 1, `the changed line is marked on both sides: ${JSON.stringify(marks)}`);
}
