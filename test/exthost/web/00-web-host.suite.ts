// What the web variant of the suite stands on: it runs, with the extension under test, in the browser's web
// worker extension host (the manifest's `browser` entry), not in Node. Without this, the suites after it
// could pass in the desktop host and prove nothing about the web build.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, waitFor } from '../suite/helpers';

describe('the web worker extension host', () => {
  it('runs these tests and the extension: a worker global scope, no Node, the browser entry active', async () => {
    const scope = globalThis as { importScripts?: unknown; process?: { versions?: { node?: string } } };
    assert.equal(typeof scope.importScripts, 'function', 'a worker global scope');
    assert.equal(scope.process?.versions?.node, undefined, 'no Node here');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded in this host`);
    assert.equal(extension.extensionKind, vscode.ExtensionKind.UI, 'it runs on the UI side (the browser)');
    await openFixture('orders.polysync.json');
    await waitFor(`${EXTENSION_ID} to be active`, () => extension.isActive);
    const manifest = extension.packageJSON as { browser?: string };
    assert.equal(manifest.browser, './dist/web/extension.js');
  });
});
