// After a property name is inserted, a value list should open by itself where there is one to choose
// from (an enum, a boolean, a connection id, a schema id...), as VS Code's JSON support does. Completion
// items for such names get the editor command that opens suggestions again; clients opt in (the command
// is VS Code's).
import type { CompletionItem, CompletionList, Position } from 'vscode-languageserver-types';
import { CompletionItemKind } from 'vscode-languageserver-types';
import type { JsonPath, ParsedDocument } from '../document/document';
import { schemaAt, schemaBranches } from '../schema/lookup';
import { typesOf } from '../schema/schema';
import { documentCompletionContext } from './context';
import type { ValueProvider } from './providers';

export const TRIGGER_SUGGEST = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** Whether a value at `path` has suggestions: the schema's enum or booleans, or a provider's values (the account's). */
export function valueHasSuggestions(path: JsonPath, providers: readonly ValueProvider[]): boolean {
  if (providers.some((p) => p.hasValuesAt?.(path) || p.hasValuesAt?.([...path, 0]))) return true;
  return schemaBranches(schemaAt(path)).some((b) => b.enum !== undefined || typesOf(b).includes('boolean'));
}

/** Adds the re-trigger command to the property-name items whose inserted value has suggestions. */
export function withValueRetrigger(list: CompletionList, doc: ParsedDocument, position: Position, providers: readonly ValueProvider[]): CompletionList {
  const context = documentCompletionContext(doc, doc.offsetAt(position));
  // With a `:` already after the name, only the name is replaced: there is no value to complete yet.
  if (context.kind !== 'key' || context.colonFollows) return list;
  for (const item of list.items) {
    if (item.kind !== CompletionItemKind.Property || item.command) continue;
    if (valueHasSuggestions([...context.objectPath, String(item.label)], providers)) (item as CompletionItem).command = TRIGGER_SUGGEST;
  }
  return list;
}
