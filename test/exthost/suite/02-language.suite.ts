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

  it('a linked file opens with its link folded; the outline has one entry for the link, without children', async () => {
    const linked = await openFixture('linked.polysync.json');
    const linkLine = positionAfter(linked, '"polysync": {').line;
    const symbols = await waitFor('the outline of the linked file', async () => {
      const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', linked.uri);
      return found && found.length > 0 && found;
    });
    const links = symbols.filter((s) => s.name === 'polysync');
    assert.equal(links.length, 1, JSON.stringify(symbols.map((s) => s.name)));
    assert.deepEqual(links[0].children, [], 'sync_id, updated_at, ignore and base are not in the outline');
    assert.equal(links[0].range.start.line, linkLine);
    // Folded: the link's key line shows, its members do not (visibleRanges leave folded lines out).
    const hidden = (editor: vscode.TextEditor, line: number) => !editor.visibleRanges.some((r) => r.start.line <= line && line <= r.end.line);
    const editor = await waitFor('the link to be folded', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document === linked && hidden(active, linkLine + 1) && active;
    }, () => vscode.window.activeTextEditor?.visibleRanges.map((r) => `${r.start.line}-${r.end.line}`));
    for (let line = linkLine + 1; line < linkLine + 5; line++) assert.ok(hidden(editor, line), `line ${line + 1} (${linked.lineAt(line).text.trim()}) is folded away`);
    assert.ok(!hidden(editor, linkLine), 'the line with "polysync" stays visible');
    assert.ok(!hidden(editor, linkLine - 1), 'the line before the link stays visible');

    // With polysync.foldLink off, a linked file opens as it is.
    const config = vscode.workspace.getConfiguration('polysync');
    await config.update('foldLink', false, vscode.ConfigurationTarget.Global);
    try {
      const open = await openFixture('linked-unfolded.polysync.json');
      // Two outline answers after the editor opened: the extension asked before the test did, so its fold would be done.
      for (let i = 0; i < 2; i++) await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', open.uri);
      const active = vscode.window.activeTextEditor;
      assert.ok(active && active.document === open, 'the file is the active editor');
      assert.ok(!hidden(active, positionAfter(open, '"sync_id"').line), `not folded: ${JSON.stringify(active.visibleRanges.map((r) => `${r.start.line}-${r.end.line}`))}`);
    } finally {
      await config.update('foldLink', undefined, vscode.ConfigurationTarget.Global);
    }
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
