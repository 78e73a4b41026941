// What `polysync link` points out after linking: the file names another source, destination or name
// than the sync it was linked to. Not a refusal (the next apply would make the sync what the file
// says), but a likely sign of the wrong id, said before anyone applies.
import { getNodeValue } from 'jsonc-parser';
import type { BulkSyncResponse } from '../../api/types';
import { type ParsedDocument, propertyValue } from '../../service';

const COMPARED = ['name', 'source_connection_id', 'destination_connection_id'] as const;

export function linkNotes(doc: ParsedDocument, sync: BulkSyncResponse): string[] {
  const root = doc.root;
  if (!root || root.type !== 'object') return [];
  const notes: string[] = [];
  for (const key of COMPARED) {
    const node = propertyValue(root, key);
    if (!node) continue;
    const value: unknown = getNodeValue(node);
    const live: unknown = sync[key];
    const differs = key === 'name' ? typeof value === 'string' && typeof live === 'string' && value.trim().toLowerCase() !== live.trim().toLowerCase() : value !== live;
    if (differs) notes.push(`the file's ${key} is ${JSON.stringify(value)}, the sync's is ${JSON.stringify(live)}: check that ${sync.id} is the sync you meant; "polysync apply" would change it to the file's.`);
  }
  return notes;
}
