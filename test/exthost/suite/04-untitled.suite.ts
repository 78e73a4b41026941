// An untitled document in the Polysync language mode (File > New, then the language picker): no
// file name says it is a bulk sync, only its language.
import assert from 'node:assert/strict';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { closeAllEditors, completionLabels, positionAfter, waitForDiagnostic } from './helpers';

describe('documents that are Polysync\'s by language or $schema, whatever their name', () => {
  after(closeAllEditors);

  it('is checked and completed like a file', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'polysync', content: '{\n  "name": "Draft",\n  "mode": "replicat"\n}\n' });
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.uri.scheme, 'untitled');
    const diagnostic = await waitForDiagnostic(doc.uri, 'PS104');
    assert.match(diagnostic.message, /Did you mean `replicate`\?/);
    const labels = await completionLabels(doc.uri, positionAfter(doc, '"mode": "'));
    assert.deepEqual([...labels].sort(), ['replicate', 'snapshot']);
  });

  it('a .json file whose $schema names Polysync\'s schema switches to the Polysync language and is checked', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'orders-as-plain.json'));
    await vscode.window.showTextDocument(doc);
    const diagnostic = await waitForDiagnostic(doc.uri, 'PS104');
    assert.match(diagnostic.message, /Did you mean `replicate`\?/);
    const current = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString());
    assert.equal(current?.languageId, 'polysync');
  });
});
