// Which documents the server analyses (by language id, name, or a $schema naming Polysync's schema), and
// what its diagnostics link to: the code's entry in docs/diagnostics.md, and the finding's other place.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Codes } from '../../server/src/service/diagnostics/codes';
import { fileUri, type LspTestClient, ROOT, startServer } from './harness';

const BODY = `{
  "name": "Orders",
  "mode": "snapshot",
  "source_connection_id": "7c1d5e9a-2b3f-4c8d-a6e1-9f0b2c3d4e70",
  "destination_connection_id": "7c1d5e9a-2b3f-4c8d-a6e1-9f0b2c3d4e70",
  "destination_configuration": { "format": "parquet" },
  "default_schedule": { "frequency": "daily", "hour": "2", "minute": "30" },
  "mode": "replicat"
}
`;

describe('documents the server analyses, and the links on its diagnostics', () => {
  let client: LspTestClient;
  before(async () => {
    client = await startServer();
  });
  after(async () => {
    await client.close();
  });

  test('a document the editor gives the polysync language is analysed whatever its name', async () => {
    const uri = fileUri('orders.json');
    client.open(uri, BODY, 'polysync');
    const codes = (await client.diagnostics(uri)).map((d: { code: string }) => d.code);
    assert.ok(codes.includes('PS109'), JSON.stringify(codes));
  });

  test('a plain JSON document is left alone, unless its $schema names Polysync\'s schema', async () => {
    const plain = fileUri('package-like.json');
    client.open(plain, BODY, 'json');
    assert.deepEqual(await client.diagnostics(plain), []);
    for (const [name, schema] of [
      ['relative.json', '../schemas/bulk-sync.schema.json'],
      ['published.json', 'https://json.schemastore.org/polysync-bulk-sync-2025-09-18.json'],
    ]) {
      const uri = fileUri(name);
      client.open(uri, BODY.replace('{', `{\n  "$schema": "${schema}",`), 'json');
      assert.ok((await client.diagnostics(uri)).length > 0, `${name} is analysed`);
    }
  });

  test('each coded diagnostic links to its entry (its heading) in the shipped docs/diagnostics.md', async () => {
    const uri = fileUri('links.polysync.json');
    client.open(uri, BODY);
    const items = await client.diagnostics(uri);
    const docs = readFileSync(path.join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
    assert.ok(items.length >= 2);
    for (const d of items) {
      const href: string = d.codeDescription?.href;
      assert.ok(href, `${d.code} has a link`);
      const url = new URL(href);
      assert.equal(url.protocol, 'file:');
      assert.equal(fileURLToPath(url), path.join(ROOT, 'docs', 'diagnostics.md'));
      assert.equal(url.hash, `#${String(d.code).toLowerCase()}`);
      assert.ok(codeHeadings(docs).has(url.hash.slice(1)), `the docs have a heading whose id is ${url.hash}`);
    }
  });

  test("the docs page a client names (VS Code for the Web: the extension's own copy, on its host's scheme) is where the codes link", async () => {
    const docsUrl = 'vscode-remote://127.0.0.1:8080/ext/polysync.polysync-0.1.0/docs/diagnostics.md';
    const web = await startServer({ initializationOptions: { diagnosticsDocsUrl: docsUrl } });
    try {
      const uri = fileUri('web-links.polysync.json');
      web.open(uri, BODY);
      const items = await web.diagnostics(uri);
      assert.ok(items.length >= 2);
      for (const d of items) assert.equal(d.codeDescription?.href, `${docsUrl}#${String(d.code).toLowerCase()}`);
    } finally {
      await web.close();
    }
  });

  test('a finding with a second place names it: duplicate key, the same connection twice', async () => {
    const uri = fileUri('related.polysync.json');
    client.open(uri, BODY);
    const items = await client.diagnostics(uri);
    const line = (needle: string, nth = 0) => BODY.split('\n').map((l, i) => [l, i] as const).filter(([l]) => l.includes(needle))[nth][1];
    const duplicate = items.find((d: { code: string }) => d.code === 'PS109');
    assert.deepEqual(duplicate.relatedInformation.map((r: any) => [r.location.uri, r.location.range.start.line, r.message]), [[uri, line('"mode"'), '`mode` is first set here']]);
    const same = items.find((d: { code: string }) => d.code === 'PS208');
    assert.deepEqual(same.relatedInformation.map((r: any) => [r.location.range.start.line, r.message]), [[line('source_connection_id'), 'The source connection']]);
  });
});

describe('docs/diagnostics.md', () => {
  test('has a heading for every code the server can report, and for nothing else', () => {
    const docs = readFileSync(path.join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
    const headings = codeHeadings(docs);
    for (const { code } of Object.values(Codes)) assert.ok(headings.has(code.toLowerCase()), code);
    assert.deepEqual([...headings].sort(), Object.values(Codes).map((c) => c.code.toLowerCase()).sort());
  });
});

/**
 * The ids of the code headings (`### PS104` -> `ps104`). A heading that is the code alone gets the code in
 * lower case as its id in every renderer that matters here (VS Code's Markdown preview, GitHub), so the
 * link's fragment lands on it; the preview scrolls to headings, not to other anchors.
 */
function codeHeadings(docs: string): Set<string> {
  return new Set([...docs.matchAll(/^#{2,4} (PS\d{3})$/gm)].map((m) => m[1].toLowerCase()));
}
