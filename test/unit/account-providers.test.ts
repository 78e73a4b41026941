// Completion, hover and inlay hints from a hand-made account snapshot, through the same service
// functions the server calls (no network, no LSP).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse, type ParseError } from 'jsonc-parser';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver-types';
import { accountValueProvider, awaitingAccountData } from '../../server/src/service/account/completion';
import { accountHoverContributor } from '../../server/src/service/account/hover';
import { accountInlayHints } from '../../server/src/service/account/inlayHints';
import { accountNeeds } from '../../server/src/service/account/needs';
import { complete } from '../../server/src/service/completion/complete';
import { snippetToText } from '../../server/src/service/completion/snippets';
import { hover } from '../../server/src/service/hover';
import { inlayHints } from '../../server/src/service/inlayHints';
import { IDS } from '../sandbox/fixtures';
import { sandboxSnapshot, unknownSnapshot } from './account-fixtures';
import { atCursor } from './cursor';

const snapshot = sandboxSnapshot();

function completeAt(marked: string, account = snapshot) {
  const fixture = atCursor(marked);
  const list = complete(fixture.doc, fixture.position, { valueProviders: [accountValueProvider(account)] });
  return { fixture, list, items: list.items };
}

/** The text after accepting `item` with every placeholder at its default; must be valid JSON. */
function accept(text: string, offsetOf: (p: { line: number; character: number }) => number, item: CompletionItem): string {
  const edit = item.textEdit as { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
  const edits = [{ ...edit, newText: snippetToText(edit.newText).text }, ...(item.additionalTextEdits ?? [])]
    .map((e) => ({ start: offsetOf(e.range.start), end: offsetOf(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}

function assertValidJson(text: string): unknown {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: false });
  assert.deepEqual(errors, [], text);
  return value;
}

const head = (source: string = IDS.salesforce, destination: string = IDS.snowflake) =>
  `"source_connection_id": "${source}", "destination_connection_id": "${destination}"`;

describe('completion from the account', () => {
  test('destination settings: only the destination\'s keys, required first, edits that keep the JSON valid', () => {
    const { fixture, items } = completeAt(`{ ${head()}, "destination_configuration": { "mirror_schemas": true |} }`);
    assert.deepEqual(items.map((i) => i.label), ['schema', 'advanced'], 'present keys left out; no offline keys of other types');
    const accepted = accept(fixture.text, (p) => fixture.doc.offsetAt(p), items[0]);
    assert.deepEqual((assertValidJson(accepted) as { destination_configuration: object }).destination_configuration, { mirror_schemas: true, schema: '' });
  });

  test('without account data the schema\'s known keys of every type are offered, as before', () => {
    const { items } = completeAt(`{ ${head()}, "destination_configuration": { | } }`, unknownSnapshot('unknown'));
    assert.ok(items.some((i) => i.label === 'format'), 'S3 key offered offline');
    assert.ok(items.some((i) => i.label === 'schema'));
  });

  test('a setting\'s enum becomes a choice; its default is the value offered', () => {
    const custom = sandboxSnapshot();
    const targets = new Map(custom.targets);
    targets.set(IDS.s3, { status: 'ready', value: { settings: [{ key: 'format', required: true, hasDefault: true, default: 'json', type: 'string', enum: ['csv', 'json', 'parquet'] }], modes: [{ id: 'snapshot' }] } });
    const account = { ...custom, targets };
    const keyItems = completeAt(`{ ${head(IDS.hubspot, IDS.s3)}, "destination_configuration": { | } }`, account).items;
    assert.equal((keyItems[0].textEdit as { newText: string }).newText, '"format": "${1|json,csv,parquet|}"');
    const valueItems = completeAt(`{ ${head(IDS.hubspot, IDS.s3)}, "destination_configuration": { "format": "|" } }`, account).items;
    assert.deepEqual(valueItems.map((i) => [i.label, i.detail]).slice(0, 3), [['csv', undefined], ['json', 'default'], ['parquet', undefined]]);
  });

  test('connection values filter by name and id; mode lists only what the destination supports', () => {
    const { items } = completeAt(`{ "source_connection_id": "|" }`);
    const orders = items.find((i) => i.label === 'Orders DB')!;
    assert.equal(orders.filterText, JSON.stringify(`Orders DB ${IDS.ordersDb}`));
    assert.match(orders.documentation ? (orders.documentation as MarkupContent).value : '', /can be a bulk sync source/);

    const s3 = completeAt(`{ ${head(IDS.hubspot, IDS.s3)}, "mode": | }`).items;
    assert.deepEqual(s3.map((i) => i.label), ['snapshot']);
    const unknownDestination = completeAt(`{ "mode": | }`).items;
    assert.deepEqual(unknownDestination.map((i) => i.label).sort(), ['replicate', 'snapshot'], 'the schema\'s values when the destination is not known');
  });

  test('policies already chosen are not offered again', () => {
    const { items } = completeAt(`{ "policies": ["${IDS.policyDefault}", |] }`);
    assert.deepEqual(items.filter((i) => i.detail?.includes('policy')).map((i) => i.label), ['Data Engineering']);
  });

  test('awaitingAccountData: true while the item a value needs is loading', () => {
    const fixture = atCursor(`{ "source_connection_id": "|" }`);
    assert.equal(awaitingAccountData(unknownSnapshot('loading'), fixture.doc, fixture.position), true);
    assert.equal(awaitingAccountData(snapshot, fixture.doc, fixture.position), false);
    assert.equal(awaitingAccountData(unknownSnapshot('failed'), fixture.doc, fixture.position), false, 'offline: nothing is coming');
    const name = atCursor(`{ "name": "|" }`);
    assert.equal(awaitingAccountData(unknownSnapshot('loading'), name.doc, name.position), false);
  });
});

describe('hover, inlay hints and needs', () => {
  test('a destination setting\'s key shows what the account says about it', () => {
    const fixture = atCursor(`{ ${head(IDS.hubspot, IDS.s3)}, "destination_configuration": { "for|mat": "csv" } }`);
    const result = hover(fixture.doc, fixture.position, { contributors: [accountHoverContributor(snapshot)] });
    const text = (result!.contents as MarkupContent).value;
    assert.match(text, /^\*\*format\*\*: required string setting of Data Lake/);
    assert.match(text, /Default: `"csv"`/);
  });

  test('mode hover says what the destination supports', () => {
    const fixture = atCursor(`{ ${head(IDS.hubspot, IDS.s3)}, "mode": "repl|icate" }`);
    const text = (hover(fixture.doc, fixture.position, { contributors: [accountHoverContributor(snapshot)] })!.contents as MarkupContent).value;
    assert.match(text, /^Data Lake does \*\*not\*\* support `replicate`; it supports `snapshot`\./);
  });

  test('inlay hints name policies and connections, only within the asked range', () => {
    const fixture = atCursor(`{\n  ${head()},\n  "policies": ["${IDS.policyDataEngineering}"]|\n}`);
    const all = inlayHints(fixture.doc, { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }, { contributors: [accountInlayHints(snapshot)] });
    assert.deepEqual(all.map((h) => h.label), ['Salesforce Production', 'Snowflake Warehouse', 'Data Engineering']);
    const lastLine = inlayHints(fixture.doc, { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, { contributors: [accountInlayHints(snapshot)] });
    assert.deepEqual(lastLine.map((h) => h.label), ['Data Engineering']);
  });

  test('needs: well-formed connection ids only, by role', () => {
    const fixture = atCursor(`{ "source_connection_id": "${IDS.hubspot}", "destination_connection_id": "0b6a7c|" }`);
    assert.deepEqual(accountNeeds(fixture.doc), { sources: [IDS.hubspot], targets: [], connections: [IDS.hubspot] });
  });
});
