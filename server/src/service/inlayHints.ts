// Inlay hints: each schedule read back in words after its `frequency` value ("daily at 02:30 UTC").
import type { InlayHint, Range } from 'vscode-languageserver-types';
import { type JsonNode, type ParsedDocument, propertyValue } from './document/document';
import { describeSchedule } from './schedule/describe';

function scheduleNodes(root: JsonNode): JsonNode[] {
  const out: JsonNode[] = [];
  const main = propertyValue(root, 'default_schedule');
  if (main?.type === 'object') out.push(main);
  const more = propertyValue(root, 'additional_schedules');
  if (more?.type === 'array') for (const item of more.children ?? []) if (item.type === 'object') out.push(item);
  // A 2024-02-08 document still deserves the reading while it is being migrated.
  const legacy = propertyValue(root, 'schedule');
  if (legacy?.type === 'object') out.push(legacy);
  return out;
}

/** Adds hints from outside the schema, e.g. connection names from the account. */
export interface InlayHintContributor {
  readonly name: string;
  /** Hints whose position lies within the offsets `from`..`to`. Must not block. */
  hints(doc: ParsedDocument, from: number, to: number): InlayHint[];
}

export function inlayHints(doc: ParsedDocument, range: Range, options: { contributors?: readonly InlayHintContributor[] } = {}): InlayHint[] {
  const extra: InlayHint[] = [];
  for (const contributor of options.contributors ?? []) {
    extra.push(...contributor.hints(doc, doc.offsetAt(range.start), doc.offsetAt(range.end)));
  }
  return [...scheduleHints(doc, range), ...extra];
}

function scheduleHints(doc: ParsedDocument, range: Range): InlayHint[] {
  const root = doc.root;
  if (root?.type !== 'object') return [];
  const from = doc.offsetAt(range.start);
  const to = doc.offsetAt(range.end);
  const hints: InlayHint[] = [];
  for (const schedule of scheduleNodes(root)) {
    const frequency = propertyValue(schedule, 'frequency');
    if (!frequency) continue;
    const words = describeSchedule(schedule);
    if (!words) continue;
    let offset = frequency.offset + frequency.length;
    // After a comma that directly follows the value, so the hint does not split `"daily",`.
    if (doc.text[offset] === ',') offset++;
    if (offset < from || offset > to) continue;
    const next = doc.text[offset];
    hints.push({
      position: doc.positionAt(offset),
      label: words,
      paddingLeft: true,
      paddingRight: next !== undefined && next !== '\n' && next !== '\r',
    });
  }
  return hints;
}
