// Diagnostic code links in the web build: the server in its Worker has no disk to find the docs on, so the
// client names the extension's own docs/diagnostics.md to it; each code then links, through the command,
// to the rendered docs at its entry. (Where the preview lands is checked on screen by test/e2e/web.test.ts.)
import assert from 'node:assert/strict';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, openFixture, waitFor, waitForDiagnostic } from '../suite/helpers';

describe('diagnostic code links in the web build', () => {
  after(closeAllEditors);

  const previewTab = () =>
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType));

  it("a code links to Show Diagnostic Docs with its code, which opens the docs' Markdown preview, not the source", async () => {
    const doc = await openFixture('misspelled-mode.polysync.json');
    const diagnostic = await waitForDiagnostic(doc.uri, 'PS104');
    assert.equal(codeOf(diagnostic), 'PS104');
    const code = diagnostic.code as { value: string; target?: vscode.Uri };
    assert.ok(code.target, 'the code has a link');
    assert.equal(code.target.scheme, 'command', `not the Markdown source: ${code.target.toString(true)}`);
    assert.equal(code.target.path, 'polysync.showDiagnosticDocs');
    assert.deepEqual(JSON.parse(decodeURIComponent(code.target.query)), ['ps104']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(previewTab(), undefined);
    await vscode.commands.executeCommand(code.target.path, 'ps104');
    const tab = await waitFor('a Markdown preview tab', () => previewTab(), () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label));
    assert.match(tab.label, /diagnostics\.md/);
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.path.endsWith('/docs/diagnostics.md')), 'no editor holds the source');
  });
});
