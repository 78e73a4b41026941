// The three-way comparison of a file with its live sync, as kubectl's apply compares with its
// last-applied configuration: the file now, the live sync now, and the base (both as they were at
// the file's last apply or pull, kept in the link). Pure functions over leaves (leaves.ts).
//
// For each path the file owns (it sets it, it set it at the base, or it is part of a schema
// selection the file lists):
// - file and live agree: nothing to do;
// - neither changed since the base: nothing to do, whatever the API reads back (defaults it fills
//   in, "" for unset fields, normalised values);
// - the file changed and the live side did not: an edit to apply (a key removed from the file too);
// - the live side changed: a difference marked "changed in Polytomic", whether or not the file did.
// A path the file never set is not a difference, whatever its live value: the API added it, or it
// is left to the app. Paths in `ignore` are never differences.
import { type Leaves, leafValue, SCHEMAS_LISTED } from './leaves';

/** The file and the live sync as they were at the last apply or pull. */
export interface Base {
  file: Leaves;
  live: Leaves;
}

export interface Difference {
  path: string;
  /** The file's value; undefined when the file does not set it (removed, or a schema it does not list). */
  file: unknown;
  /** The live value; undefined when the live sync does not have it. */
  live: unknown;
  /** The file's value at the base, when there is a base. */
  base?: unknown;
  /** The file changed this since the base (always true without a base). */
  editedInFile: boolean;
  /** The live side changed this since the base: someone changed it in Polytomic. */
  changedInPolytomic: boolean;
  /** A schema or fields the app added by automatic discovery: information, not a conflict. */
  discovered: boolean;
}

export interface Discovery {
  /** automatically_add_new_objects of the live sync: anything but `none` adds schemas. */
  objects?: string;
  /** automatically_add_new_fields of the live sync: anything but `none` adds fields (omitted means `all`). */
  fields?: string;
}

export interface CompareInput {
  file: Leaves;
  live: Leaves;
  /** Undefined for a link written before bases were kept: a two-way comparison of what the file sets. */
  base?: Base;
  /** Field paths left to the app (`"polysync": {"ignore": [...]}`). */
  ignore?: readonly string[];
  discovery?: Discovery;
}

/** The sub-paths of a selected schema that the schema's entry in the file decides (not its output name). */
const SCHEMA_OWNED = new Set(['fields', 'filters', 'partition_key', 'tracking_field', 'data_cutoff_timestamp', 'disable_data_cutoff']);
const SCHEMA_PATH = /^schemas\[(.*)\](?:\.(\w+))?$/;

/** A matcher for ignore entries: a path, its sub-paths, and `[*]` for any schema or index. */
export function ignoreMatcher(ignore: readonly string[] = []): (path: string) => boolean {
  const patterns = ignore
    .filter((p) => typeof p === 'string' && p.trim() !== '')
    .map((p) => new RegExp(`^${p.trim().split('[*]').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\[[^\\]]*\\]')}(?:$|[.[])`));
  return (path) => patterns.some((re) => re.test(path));
}

/** Whether the file decides this path (so a difference on it is one). */
function owned(path: string, file: Leaves, base: Base | undefined, fileSelects: (id: string) => boolean): boolean {
  const schema = SCHEMA_PATH.exec(path);
  if (schema && file.has(SCHEMAS_LISTED)) {
    const [, id, sub] = schema;
    if (sub === undefined) return true; // the selection of every schema, listed or not
    // The settings of a schema the file no longer selects go with it: its selection is the difference.
    return SCHEMA_OWNED.has(sub) && fileSelects(id);
  }
  return file.has(path) || base?.file.has(path) === true;
}

function discovered(path: string, file: string | undefined, live: string | undefined, baseLive: string | undefined, discovery: Discovery | undefined): boolean {
  const schema = SCHEMA_PATH.exec(path);
  if (!schema || (file !== undefined && schema[2] !== 'fields')) return false;
  if (schema[2] === undefined) {
    // A schema selected since the base that the file does not list.
    return (discovery?.objects ?? 'none') !== 'none' && baseLive === undefined && live !== undefined;
  }
  if (schema[2] !== 'fields' || (discovery?.fields ?? 'all') === 'none' || baseLive === undefined || live === undefined) return false;
  // Fields only added since the base: every field selected then is selected the same way now.
  const before = leafValue(baseLive);
  const now = leafValue(live);
  if (!Array.isArray(before) || !Array.isArray(now)) return false;
  const nowStates = new Map((now as [string, string][]).map(([id, state]) => [id, state]));
  return now.length > before.length && (before as [string, string][]).every(([id, state]) => nowStates.get(id) === state);
}

/** The differences, in the file's order of paths, then the live-only ones. */
export function compareThreeWay(input: CompareInput): Difference[] {
  const { file, live, base } = input;
  const ignored = ignoreMatcher(input.ignore);
  const fileSelects = (id: string) => file.has(`schemas[${id}]`);
  const paths = new Set<string>([...file.keys(), ...(base ? base.file.keys() : []), ...live.keys(), ...(base ? base.live.keys() : [])]);
  const out: Difference[] = [];
  for (const path of paths) {
    if (path === SCHEMAS_LISTED || ignored(path) || !owned(path, file, base, fileSelects)) continue;
    const f = file.get(path);
    const l = live.get(path);
    if (f === l) continue;
    if (!base) {
      out.push({ path, file: leafValue(f), live: leafValue(l), editedInFile: true, changedInPolytomic: false, discovered: false });
      continue;
    }
    const bf = base.file.get(path);
    const bl = base.live.get(path);
    const editedInFile = f !== bf;
    const changedInPolytomic = l !== bl;
    if (!editedInFile && !changedInPolytomic) continue;
    out.push({
      path,
      file: leafValue(f),
      live: leafValue(l),
      base: leafValue(bf),
      editedInFile,
      changedInPolytomic,
      discovered: changedInPolytomic && !editedInFile && discovered(path, f, l, bl, input.discovery),
    });
  }
  return out;
}

export interface Verified {
  /** The base to keep in the link. */
  base: Base;
  /** Paths the apply changed in the file's favour that the live sync did not take (read back unchanged). */
  notTaken: string[];
}

/**
 * After a create or an apply: what the API did not take, and the next base. `sent` are the file's
 * leaves that were sent; `before` the live leaves before (undefined for a create); `after` the live
 * leaves read back; `base` the base before (it names what the file removed). A path the apply meant to change counts as taken when its live value moved (the
 * API may store it normalised) or equals the file's. For one not taken, the base keeps the live
 * value it had, so the next comparison still shows the file's edit as one to apply.
 */
export function verifyApplied(input: { sent: Leaves; before?: Leaves; after: Leaves; base?: Base; ignore?: readonly string[]; discovery?: Discovery }): Verified {
  const { sent, before, after } = input;
  const ignored = ignoreMatcher(input.ignore);
  const fileSelects = (id: string) => sent.has(`schemas[${id}]`);
  const prior = before ?? new Map<string, string>();
  // With a base, only what the comparison called a difference was meant to change: a value the API
  // keeps in its own form (the file says "monday", it reads "1") was not sent to change anything.
  // What automatic discovery added was not meant to change either: the apply leaves it as it is.
  const meant = input.base && before ? new Set(compareThreeWay({ file: sent, live: before, base: input.base, ignore: input.ignore, discovery: input.discovery }).filter((d) => !d.discovered).map((d) => d.path)) : undefined;
  const baseFile = new Map(sent);
  const notTaken: string[] = [];
  const paths = new Set<string>([...sent.keys(), ...prior.keys()]);
  for (const path of paths) {
    if (path === SCHEMAS_LISTED || ignored(path) || !owned(path, sent, input.base, fileSelects)) continue;
    const f = sent.get(path);
    const was = prior.get(path);
    if (f === was || (meant && !meant.has(path))) continue;
    const now = after.get(path);
    // Without a live value before (a create), only a value the API dropped was not taken.
    const taken = before === undefined ? f === undefined || now !== undefined : now !== was || now === f;
    if (taken) continue;
    notTaken.push(path);
    if (was === undefined) baseFile.delete(path);
    else baseFile.set(path, was);
  }
  return { base: { file: baseFile, live: new Map(after) }, notTaken };
}

/** The base after a pull: the file written from the live sync, and the live sync. */
export function pulledBase(written: Leaves, live: Leaves): Base {
  return { file: new Map(written), live: new Map(live) };
}
