// Diagnostic code links in VS Code (client/src/docLinks.ts): links into the extension's own docs page become
// the command that shows the entry rendered, whatever scheme the host serves the extension by; anything else
// is left alone. And the server's `diagnosticsDocsUrl` option (server/src/lsp/docLinks.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diagnosticDocsCode, docsLinkCode, renderedDocsLink } from '../../client/src/docLinks';
import { docsUrlOption } from '../../server/src/lsp/docLinks';

const DESKTOP = 'file:///home/u/.vscode/extensions/polysync.polysync-0.1.0/docs/diagnostics.md';
const WEB = 'vscode-remote://127.0.0.1:8080/home/u/.local/share/code-server/extensions/polysync.polysync-0.1.0/docs/diagnostics.md';

describe('diagnostic code links', () => {
  test("a link into the extension's docs page names its code, on the desktop and on the web", () => {
    assert.equal(docsLinkCode(`${DESKTOP}#ps104`, DESKTOP), 'ps104');
    assert.equal(docsLinkCode(`${WEB}#PS301`, WEB), 'ps301');
    assert.equal(docsLinkCode('file:///c%3A/Users/u/ext/docs/diagnostics.md#ps214', 'file:///c%3A/Users/u/ext/docs/diagnostics.md'), 'ps214');
  });
  test('a published page, another file, another fragment or no fragment is left as it is', () => {
    assert.equal(docsLinkCode('https://example.com/docs/diagnostics.md#ps104', DESKTOP), undefined);
    assert.equal(docsLinkCode('file:///x/docs/other.md#ps104', 'file:///x/docs/diagnostics.md'), undefined);
    assert.equal(docsLinkCode(`${DESKTOP}#silencing-a-diagnostic`, DESKTOP), undefined);
    assert.equal(docsLinkCode(DESKTOP, DESKTOP), undefined);
    assert.equal(docsLinkCode(`${DESKTOP}x#ps104`, DESKTOP), undefined);
  });
  test('the command link carries the code as its one argument, and the command accepts only codes', () => {
    const link = renderedDocsLink('ps104');
    assert.equal(link, 'command:polysync.showDiagnosticDocs?%5B%22ps104%22%5D');
    assert.deepEqual(JSON.parse(decodeURIComponent(link.split('?')[1])), ['ps104']);
    assert.equal(diagnosticDocsCode('PS104'), 'ps104');
    assert.equal(diagnosticDocsCode('../../etc'), undefined);
    assert.equal(diagnosticDocsCode(undefined), undefined);
  });
  test("the server takes any absolute URI as the docs page, so a web host's scheme works too", () => {
    assert.equal(docsUrlOption(WEB), WEB);
    assert.equal(docsUrlOption(DESKTOP), DESKTOP);
    assert.equal(docsUrlOption('https://example.com/docs/diagnostics.md'), 'https://example.com/docs/diagnostics.md');
    assert.equal(docsUrlOption('docs/diagnostics.md'), undefined, 'relative');
    assert.equal(docsUrlOption('file:///x/a b.md'), undefined, 'a space');
    assert.equal(docsUrlOption(`${DESKTOP}#ps104`), undefined, 'a fragment of its own');
    assert.equal(docsUrlOption(42), undefined);
  });
});
