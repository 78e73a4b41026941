// The language features through VS Code's provider commands (vscode.execute*Provider): what any
// part of VS Code gets when it asks, exactly, without reading the screen.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { closeAllEditors, completionLabels, openFixture, positionAfter, waitFor } from './helpers';

describe('language features', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    doc = await openFixture('orders.polysync.json');
    // The first answer needs the server up: wait for a completion rather than a fixed time.
    await waitFor('the language server to answer completion', async () => (await completionLabels(doc.uri, positionAfter(doc, '"mode": "', 0))).length > 0);
  });
  after(closeAllEditors);

  it('completes the mode value with exactly the two modes', async () => {
    const labels = await completionLabels(doc.uri, positionAfter(doc, '"mode": "', 0));
    assert.deepEqual([...labels].sort(), ['replicate', 'snapshot']);
  });

  it('completes the discovery setting with its four values', async () => {
    const labels = await completionLabels(doc.uri, positionAfter(doc, '"automatically_add_new_fields": "', 0));
    assert.deepEqual([...labels].sort(), ['all', 'none', 'onlyIncremental', 'onlyNonIncremental']);
  });

  it('completes the schedule frequency with the frequencies of the API version', async () => {
    const labels = await completionLabels(doc.uri, positionAfter(doc, '"frequency": "', 0));
    for (const frequency of ['manual', 'continuous', 'hourly', 'daily', 'weekly', 'custom']) assert.ok(labels.includes(frequency), `${frequency} in ${JSON.stringify(labels)}`);
    assert.ok(!labels.includes('replicate'), 'no mode among the frequencies');
  });

  it('hover on a property with a default names the default', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionAfter(doc, '"disable_record_tim', 0));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /disable_record_timestamps/);
    assert.match(text, /Default: `false`/);
  });

  it('lists the top-level properties as document symbols', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    const names = symbols.map((s) => s.name);
    for (const name of ['name', 'mode', 'source_connection_id', 'default_schedule', 'schemas']) assert.ok(names.includes(name), `${name} in ${JSON.stringify(names)}`);
    const schedule = symbols.find((s) => s.name === 'default_schedule');
    assert.deepEqual(schedule?.children.map((c) => c.name), ['frequency', 'minute']);
  });

  it('folds objects and block comments by structure, where indentation shows none', async () => {
    // The object's members are not indented deeper than its key, so VS Code's indentation-based
    // folding (what an editor falls back to without the server) finds neither range.
    const flat = await openFixture('folding.polysync.json');
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', flat.uri);
    const spans = ranges.map((r) => `${r.start}-${r.end}${r.kind === undefined ? '' : ` kind ${r.kind}`}`);
    const scheduleLine = positionAfter(flat, '"default_schedule"').line;
    assert.ok(ranges.some((r) => r.start === scheduleLine && r.end >= scheduleLine + 2), `the schedule object from line ${scheduleLine} in ${JSON.stringify(spans)}`);
    assert.ok(ranges.some((r) => r.start === 1 && r.kind === vscode.FoldingRangeKind.Comment), `the block comment in ${JSON.stringify(spans)}`);
  });

  it('formatting edits lay the document out and keep its content', async () => {
    const messy = await openFixture('unformatted.polysync.json');
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', messy.uri, { tabSize: 2, insertSpaces: true });
    assert.ok(edits.length > 0, 'the server proposes edits');
    const edit = new vscode.WorkspaceEdit();
    edit.set(messy.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(
      messy.getText().trimEnd(),
      ['{', '  "name": "Squeezed",', '  "mode": "snapshot",', '  "schemas": [', '    "a",', '    "b"', '  ]', '}'].join('\n'),
    );
  });
});
