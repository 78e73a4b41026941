import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isPolysyncDocument, isPolysyncEditorDocument } from '../../protocol/documents';

test('a .polysync.json name counts up to the first ? or #, in any case, whatever the language', () => {
  const named = [
    'file:///a/b.polysync.json',
    'file:///a/B.POLYSYNC.JSON',
    'vscode-remote://x/b.polysync.json?query=1',
    'vscode-remote://x/b.polysync.json#frag',
    'https://h/b.polysync.json?a#b',
    'https://h/b.polysync.json#a?b',
  ];
  const unnamed = [
    'file:///a/b.json',
    'file:///a/b.polysync.json.bak',
    'https://h/b.json?x=.polysync.json',
    'https://h/b.json#.polysync.json',
    'https://h/b.json#x?.polysync.json',
    'https://h/b.json?x#.polysync.json',
    '.polysync.jso',
    '',
  ];
  for (const uri of named) assert.equal(isPolysyncEditorDocument({ uri, languageId: 'json' }), true, uri);
  for (const uri of unnamed) assert.equal(isPolysyncEditorDocument({ uri, languageId: 'json' }), false, uri);
  assert.equal(isPolysyncEditorDocument({ uri: 'file:///a/b.json', languageId: 'polysync' }), true);
  const schema = '{ "$schema": "./bulk-sync.schema.json" }';
  assert.equal(isPolysyncDocument({ uri: 'file:///a/b.json?x=.polysync.json', languageId: 'json', getText: () => schema }), true);
  assert.equal(isPolysyncDocument({ uri: 'file:///a/b.json?x=.polysync.json', languageId: 'json', getText: () => '{}' }), false);
});
