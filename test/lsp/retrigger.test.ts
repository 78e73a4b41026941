// Picking a property name whose value has suggestions opens the value list at once: the item carries
// VS Code's triggerSuggest command when the client asks for it (initialization option retriggerSuggest).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileUri, type LspTestClient, startServer } from './harness';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

async function namesAt(client: LspTestClient, name: string, text: string): Promise<Map<string, Json>> {
  const uri = fileUri(name);
  const offset = text.indexOf('|');
  const clean = text.replace('|', '');
  const before = clean.slice(0, offset).split('\n');
  client.open(uri, clean);
  const answer = await client.request('textDocument/completion', {
    textDocument: { uri },
    position: { line: before.length - 1, character: before[before.length - 1].length },
  });
  const items: Json[] = Array.isArray(answer) ? answer : answer.items;
  return new Map(items.map((i) => [i.label, i]));
}

describe('re-opening suggestions after a property name', () => {
  let withOption: LspTestClient;
  let without: LspTestClient;
  before(async () => {
    withOption = await startServer({ initializationOptions: { retriggerSuggest: true } });
    without = await startServer();
  });
  after(async () => {
    await withOption.close();
    await without.close();
  });

  test('names with suggested values carry editor.action.triggerSuggest; free-text names do not', async () => {
    const items = await namesAt(withOption, 'retrigger.polysync.json', '{\n  "|"\n}\n');
    for (const name of ['source_connection_id', 'destination_connection_id', 'mode', 'active', 'automatically_add_new_fields', 'schemas']) {
      assert.equal(items.get(name)?.command?.command, 'editor.action.triggerSuggest', name);
    }
    for (const name of ['name', 'concurrency_limit']) assert.equal(items.get(name)?.command, undefined, name);
    const schedule = await namesAt(withOption, 'retrigger-schedule.polysync.json', '{\n  "default_schedule": { "|" }\n}\n');
    assert.equal(schedule.get('frequency')?.command?.command, 'editor.action.triggerSuggest');
  });

  test('not when a colon already follows the name, and not for clients that did not ask', async () => {
    const colon = await namesAt(withOption, 'retrigger-colon.polysync.json', '{\n  "mo|": "snapshot"\n}\n');
    assert.equal(colon.get('mode')?.command, undefined);
    const plain = await namesAt(without, 'retrigger-plain.polysync.json', '{\n  "|"\n}\n');
    assert.ok(plain.size > 5);
    assert.ok([...plain.values()].every((i) => i.command === undefined));
  });
});
