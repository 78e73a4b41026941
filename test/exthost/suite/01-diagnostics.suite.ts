// Diagnostics as VS Code holds them (vscode.languages.getDiagnostics): on open, after an edit,
// after a quick fix applied as a WorkspaceEdit, and cleared when the document is closed.
import assert from 'node:assert/strict';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, describeDiagnostics, fixtureUri, openFixture, serverDiagnostics, waitFor, waitForDiagnostic } from './helpers';

describe('diagnostics', () => {
  after(closeAllEditors);

  it('a syntax error is reported on open, on the token after the missing comma', async () => {
    // The valid file first: the next test reads its (empty) diagnostics once this one has shown
    // that the server answered for a document opened after it.
    await openFixture('orders.polysync.json');
    const doc = await openFixture('broken-syntax.polysync.json');
    const diagnostic = await waitForDiagnostic(doc.uri, 'PS001');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character], [3, 2]);
    assert.match(diagnostic.message, /Expected `,`/);
  });

  it('a valid file has no diagnostics', async () => {
    // Meaningful only once the server has answered for a document opened after it (it holds, for
    // the broken file, since the previous test; asked again so that this test stands alone).
    await waitForDiagnostic(fixtureUri('broken-syntax.polysync.json'), 'PS001');
    const uri = fixtureUri('orders.polysync.json');
    assert.ok(vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'orders.polysync.json is open');
    assert.deepEqual(describeDiagnostics(uri), []);
  });

  it('an edit that adds the missing comma clears the syntax error', async () => {
    const uri = fixtureUri('broken-syntax.polysync.json');
    const doc = await openFixture('broken-syntax.polysync.json');
    await waitForDiagnostic(uri, 'PS001');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, doc.lineAt(2).range.end, ',');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
    await waitFor('PS001 to go', () => !serverDiagnostics(uri).some((d) => codeOf(d) === 'PS001'), () => describeDiagnostics(uri));
    assert.deepEqual(describeDiagnostics(uri), []);
  });

  it('the "did you mean" quick fix, applied as a WorkspaceEdit, fixes the value and clears PS104', async () => {
    const doc = await openFixture('misspelled-mode.polysync.json');
    const diagnostic = await waitForDiagnostic(doc.uri, 'PS104');
    assert.match(diagnostic.message, /Did you mean `replicate`\?/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.title === 'Change to "replicate"');
    assert.ok(fix?.edit, `a "Change to "replicate"" fix with an edit among ${JSON.stringify(titles)}`);
    assert.ok(fix.isPreferred, 'the single suggestion is the preferred fix');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the fix applies');
    assert.match(doc.getText(), /"mode": "replicate",/);
    await waitFor('PS104 to go', () => !serverDiagnostics(doc.uri).some((d) => codeOf(d) === 'PS104'), () => describeDiagnostics(doc.uri));
  });

  it('closing a document clears its diagnostics', async () => {
    const uri = fixtureUri('closing.polysync.json');
    // Opened through the editor service only, so that no extension keeps the document alive once
    // its editor is closed (documents opened with openTextDocument stay open for minutes).
    await vscode.commands.executeCommand('vscode.open', uri);
    const before = await waitFor('the errors of closing.polysync.json', () => {
      const found = serverDiagnostics(uri);
      return found.length >= 2 ? found : undefined;
    }, () => describeDiagnostics(uri));
    assert.deepEqual(before.map(codeOf).sort(), ['PS101', 'PS105']);
    const closed = new Promise<void>((resolve) => {
      const subscription = vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.toString() === uri.toString()) {
          subscription.dispose();
          resolve();
        }
      });
    });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor('the document to be closed', () => Promise.race([closed.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 200))]));
    await waitFor('the diagnostics of the closed document to be cleared', () => serverDiagnostics(uri).length === 0, () => describeDiagnostics(uri));
  });
});
