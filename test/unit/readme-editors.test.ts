// The README's Emacs setup is the one the end-to-end test runs: the same derived mode (not all of
// json-mode), the same auto-mode-alist pattern and an eglot-server-programs entry for that mode.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '..', '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const driver = readFileSync(path.join(root, 'test', 'e2e', 'lib', 'emacs-driver.el'), 'utf8');

function elispBlocks(text: string): string {
  return [...text.matchAll(/```elisp\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
}

test('the README\'s Emacs snippet declares the mode and file pattern the Emacs test uses', () => {
  const snippet = elispBlocks(readme);
  const derived = /\(define-derived-mode polysync-mode (\S+)/;
  assert.equal(derived.exec(snippet)?.[1], derived.exec(driver)?.[1], 'same parent mode');
  const pattern = /\(add-to-list 'auto-mode-alist '\("([^"]+)" \. polysync-mode\)\)/;
  assert.ok(pattern.exec(driver), 'the driver maps *.polysync.json to polysync-mode');
  assert.equal(pattern.exec(snippet)?.[1], pattern.exec(driver)?.[1], 'same file pattern');
  assert.match(snippet, /'eglot-server-programs\s+'\(polysync-mode \. \("node" "[^"]+\/dist\/server\.js" "--stdio"\)\)/);
  assert.doesNotMatch(readme, /\(json-mode \. \(/, 'no setup that starts the server for every JSON file');
});
