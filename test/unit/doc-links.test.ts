// Diagnostic code links in VS Code (client/src/docLinks.ts): the shipped docs' links become the command that
// shows the entry rendered; anything else is left alone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diagnosticDocsCode, renderedDocsLink, shippedDocsCode } from '../../client/src/docLinks';

describe('diagnostic code links', () => {
  test('a link into the shipped diagnostics.md names its code', () => {
    assert.equal(shippedDocsCode('file:///home/u/.vscode/extensions/polysync.polysync-0.1.0/docs/diagnostics.md#ps104'), 'ps104');
    assert.equal(shippedDocsCode('file:///c%3A/Users/u/ext/docs/diagnostics.md#PS301'), 'ps301');
  });
  test('a published page or another file is left as it is', () => {
    assert.equal(shippedDocsCode('https://example.com/docs/diagnostics.md#ps104'), undefined);
    assert.equal(shippedDocsCode('file:///x/docs/other.md#ps104'), undefined);
    assert.equal(shippedDocsCode('file:///x/docs/diagnostics.md'), undefined);
  });
  test('the command link carries the code as its one argument, and the command accepts only codes', () => {
    const link = renderedDocsLink('ps104');
    assert.equal(link, 'command:polysync.showDiagnosticDocs?%5B%22ps104%22%5D');
    assert.deepEqual(JSON.parse(decodeURIComponent(link.split('?')[1])), ['ps104']);
    assert.equal(diagnosticDocsCode('PS104'), 'ps104');
    assert.equal(diagnosticDocsCode('../../etc'), undefined);
    assert.equal(diagnosticDocsCode(undefined), undefined);
  });
});
