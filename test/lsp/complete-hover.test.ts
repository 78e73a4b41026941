// Completion and hover through the bundled server over stdio, as an editor sees them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse, type ParseError } from 'jsonc-parser';
import { snippetToText } from '../../server/src/service/completion/snippets';
import { fileUri, type LspTestClient, startServer } from './harness';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const DOC = `{
  "name": "Orders",
  "mode": "replicate",
  "default_schedule": { "frequency": "daily", "hour": "2", "minute": "30" }
}
`;

function offsetAt(text: string, position: { line: number; character: number }): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < position.line; i++) offset += lines[i].length + 1;
  return offset + position.character;
}

/** The text after accepting a completion item the way an editor would (placeholders keep defaults). */
function accept(text: string, item: Json): string {
  const edits = [item.textEdit, ...(item.additionalTextEdits ?? [])].map((e: Json) => ({
    start: offsetAt(text, e.range.start),
    end: offsetAt(text, e.range.end),
    text: item.insertTextFormat === 2 && e === item.textEdit ? snippetToText(e.newText).text : e.newText,
  }));
  edits.sort((a, b) => b.start - a.start);
  for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}

function parseErrors(text: string): ParseError[] {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false });
  return errors;
}

const itemsOf = (result: Json): Json[] => (Array.isArray(result) ? result : (result?.items ?? []));

describe('completion and hover over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await startServer();
  });
  after(async () => {
    await client.close();
  });

  test('initialize advertises completion with trigger characters, and hover', () => {
    const caps = client.initializeResult.capabilities;
    assert.deepEqual([...caps.completionProvider.triggerCharacters].sort(), ['"', ':']);
    assert.equal(caps.hoverProvider, true);
  });

  test('property names at a new line: required ones first, edits that keep the JSON valid', async () => {
    const uri = fileUri('names.polysync.json');
    const text = '{\n  "name": "Orders"\n  \n}\n';
    client.open(uri, text);
    const result = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 2 } });
    const items = itemsOf(result);
    const sorted = [...items].sort((a, b) => a.sortText.localeCompare(b.sortText)).map((i) => i.label);
    assert.deepEqual(sorted.slice(0, 5), ['mode', 'source_connection_id', 'destination_connection_id', 'destination_configuration', 'default_schedule']);
    assert.ok(!sorted.includes('name'), 'present properties are not offered');
    const mode = items.find((i) => i.label === 'mode');
    assert.equal(mode.insertTextFormat, 2, 'a snippet for a client that supports them');
    const after = accept(text, mode);
    assert.deepEqual(parseErrors(after), []);
    assert.deepEqual(JSON.parse(after), { name: 'Orders', mode: 'snapshot' });
  });

  test('values after typing a trigger character in an edited document', async () => {
    const uri = fileUri('values.polysync.json');
    client.open(uri, DOC);
    // Replace `"replicate"` with `"` as if the user deleted the value and typed a quote.
    const line = DOC.split('\n')[2];
    const start = line.indexOf('"replicate"');
    client.change(uri, 2, [{ range: { start: { line: 2, character: start }, end: { line: 2, character: start + 11 } }, text: '""' }]);
    const edited = DOC.replace('"replicate"', '""');
    const result = await client.request('textDocument/completion', {
      textDocument: { uri },
      position: { line: 2, character: start + 1 },
      context: { triggerKind: 2, triggerCharacter: '"' },
    });
    const items = itemsOf(result);
    assert.deepEqual(items.map((i) => i.label).sort(), ['replicate', 'snapshot']);
    const replicate = items.find((i) => i.label === 'replicate');
    assert.equal(replicate.documentation.kind, 'markdown');
    assert.match(replicate.documentation.value, /replica/);
    assert.equal(accept(edited, replicate), DOC);
  });

  test('hover on a key: description, and the schedule read back, with the key as range', async () => {
    const uri = fileUri('hover.polysync.json');
    client.open(uri, DOC);
    const line = DOC.split('\n')[3];
    const character = line.indexOf('default_schedule') + 3;
    const result = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character } });
    assert.equal(result.contents.kind, 'markdown');
    assert.match(result.contents.value, /\*\*Runs:\*\* daily at 02:30 UTC/);
    assert.deepEqual(result.range, {
      start: { line: 3, character: line.indexOf('"default_schedule"') },
      end: { line: 3, character: line.indexOf('"default_schedule"') + '"default_schedule"'.length },
    });
  });

  test('hover on an enum value says what the value does', async () => {
    const uri = fileUri('hover-value.polysync.json');
    client.open(uri, DOC);
    const character = DOC.split('\n')[2].indexOf('replicate') + 2;
    const result = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character } });
    assert.match(result.contents.value, /\*\*`replicate`\*\* \(`mode`\)/);
  });

  test('other JSON files are left alone', async () => {
    const uri = 'file:///workspace/package.json';
    client.open(uri, '{"name": "x", "mode": ""}', 'json');
    const completion = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 23 } });
    assert.equal(completion, null);
    const hoverResult = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.equal(hoverResult, null);
  });

  test('broken and empty documents still answer, and the server keeps serving', async () => {
    const uri = fileUri('broken.polysync.json');
    client.open(uri, '{"schemas": [{"filters": [{"function": "Str');
    const broken = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 43 } });
    assert.ok(itemsOf(broken).some((i) => i.label === 'StringContains'));
    const nothing = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 100 } });
    assert.equal(nothing, null);
    const empty = fileUri('empty.polysync.json');
    client.open(empty, '');
    const skeleton = itemsOf(await client.request('textDocument/completion', { textDocument: { uri: empty }, position: { line: 0, character: 0 } }));
    const after = accept('', skeleton[0]);
    assert.deepEqual(parseErrors(after), []);
    assert.deepEqual(Object.keys(JSON.parse(after)), [
      'name',
      'mode',
      'source_connection_id',
      'destination_connection_id',
      'destination_configuration',
      'default_schedule',
    ]);
    // A position past the end of the document is clamped, not an error.
    const far = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 99, character: 99 } });
    assert.ok(Array.isArray(itemsOf(far)));
    const errors = client.notifications.filter((n) => n.method === 'window/logMessage' && n.params.type === 1);
    assert.deepEqual(errors, [], 'no feature failed on the way');
  });
});

describe('a client without snippet support', () => {
  let client: LspTestClient;
  before(async () => {
    client = await startServer({
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } }, hover: { contentFormat: ['markdown'] } } },
    });
  });
  after(async () => {
    await client.close();
  });

  test('gets plain-text edits with no snippet syntax', async () => {
    const uri = fileUri('plain.polysync.json');
    const text = '{\n  \n}';
    client.open(uri, text);
    const items = itemsOf(await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 2 } }));
    assert.ok(items.length > 10);
    for (const item of items) {
      assert.equal(item.insertTextFormat, 1, item.label);
      assert.doesNotMatch(item.textEdit.newText, /\$\{?\d/, item.label);
    }
    const schedule = items.find((i) => i.label === 'default_schedule');
    assert.deepEqual(JSON.parse(accept(text, schedule)), { default_schedule: { frequency: 'manual' } });
  });
});
