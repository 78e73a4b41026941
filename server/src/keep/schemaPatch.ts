// The PATCH of a sync's schemas after the three-way comparison: only the schemas with a difference the
// apply acts on, each as the file has it (or `enabled: false` when the file no longer selects it), with
// the output names it has live, since a schema update that leaves them out may reset them.
import type { BulkSchema } from '../api/types';
import type { LiveRead } from './leaves';
import { withOutputNames } from './send';
import type { Difference } from './threeWay';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const schemaOf = (path: string) => /^schemas\[(.*?)\]/.exec(path)?.[1];

/**
 * The PATCH items for the schemas whose paths differ. `differences` are the ones the apply acts on;
 * `discovered` (information) are never sent back as removals: a schema whose fields automatic discovery
 * added keeps its live fields when another of its settings is sent.
 */
export function schemaChanges(body: Obj, live: LiveRead, differences: readonly Difference[], discovered: readonly Difference[] = []): BulkSchema[] {
  const ids = new Set(differences.filter((d) => !d.discovered).map((d) => schemaOf(d.path)).filter((id): id is string => id !== undefined));
  const discoveredFields = new Set(discovered.filter((d) => d.path.endsWith('.fields')).map((d) => schemaOf(d.path)));
  const entries = new Map<string, Obj>();
  for (const entry of Array.isArray(body.schemas) ? body.schemas : []) {
    if (typeof entry === 'string') entries.set(entry, { id: entry });
    else if (isObj(entry) && typeof entry.id === 'string' && entry.enabled !== false) entries.set(entry.id, entry);
  }
  const out: BulkSchema[] = [];
  for (const id of ids) {
    const entry = entries.get(id);
    const liveSchema = live.schemas.find((s) => s.id === id);
    if (!entry) {
      out.push({ id, enabled: false });
      continue;
    }
    const item: Obj = { id, enabled: true, filters: entry.filters ?? [], partition_key: entry.partition_key ?? null, tracking_field: entry.tracking_field ?? null, data_cutoff_timestamp: entry.data_cutoff_timestamp ?? null, disable_data_cutoff: entry.disable_data_cutoff === true };
    if (discoveredFields.has(id) && liveSchema?.fields) {
      item.fields = liveSchema.fields.map((f) => ({ id: f.id, enabled: f.enabled !== false, obfuscated: f.obfuscated === true }));
    } else if (Array.isArray(entry.fields) && entry.fields.length > 0) {
      // Every field the sync knows is listed, so fields left out of the file are turned off.
      const chosen = new Map<string, { enabled: boolean; obfuscated: boolean }>();
      for (const f of entry.fields) {
        if (typeof f === 'string') chosen.set(f, { enabled: true, obfuscated: false });
        else if (isObj(f) && typeof f.id === 'string') chosen.set(f.id, { enabled: f.enabled !== false, obfuscated: f.obfuscate === true || f.obfuscated === true });
      }
      const fieldIds = new Set([...(liveSchema?.fields ?? []).map((f) => f.id), ...chosen.keys()]);
      item.fields = [...fieldIds].map((fid) => ({ id: fid, enabled: chosen.get(fid)?.enabled ?? false, obfuscated: chosen.get(fid)?.obfuscated ?? false }));
    }
    out.push(withOutputNames(item, liveSchema) as unknown as BulkSchema);
  }
  return out;
}
