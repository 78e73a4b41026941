// "Did you mean" suggestions: the closest candidate by edit distance, if it is close enough.

function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const al = a.length;
  const bl = b.length;
  if (al === 0) return bl;
  if (bl === 0) return al;
  let previous = new Array<number>(bl + 1);
  let current = new Array<number>(bl + 1);
  for (let j = 0; j <= bl; j++) previous[j] = j;
  for (let i = 1; i <= al; i++) {
    current[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= bl; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    [previous, current] = [current, previous];
  }
  return previous[bl];
}

/** Edit distance between lower-case words, where a prefix counts as one edit ("repl" -> "replicate"). */
function distance(needle: string, hay: string): number {
  const score = editDistance(needle, hay);
  return needle.length >= 3 && (hay.startsWith(needle) || needle.startsWith(hay)) ? Math.min(score, 1) : score;
}

/**
 * The candidate nearest to `input`, ignoring case, or undefined when none is plausibly what was meant
 * (more than a third of the longer word would have to change).
 */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const score = distance(needle, candidate.toLowerCase());
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.ceil(Math.max(needle.length, best.length) / 3));
  return bestScore <= limit ? best : undefined;
}

/** Short forms people write for the words of property names. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  dest: 'destination',
  dst: 'destination',
  src: 'source',
  conn: 'connection',
  config: 'configuration',
  conf: 'configuration',
  cfg: 'configuration',
  sched: 'schedule',
  freq: 'frequency',
};

/** `input` with each `_`-separated abbreviation written out (`dest_conn_id` -> `destination_connection_id`). */
function expandAbbreviations(input: string): string {
  return input
    .toLowerCase()
    .split('_')
    .map((word) => ABBREVIATIONS[word] ?? word)
    .join('_');
}

export interface KeyContext {
  /** Keys the object already has: never suggested (renaming onto one would lose a value). */
  present?: Iterable<string>;
  /** Required keys: when one is missing and close enough, it wins a tie. */
  required?: readonly string[];
}

/**
 * The property name nearest to an unknown `key`: abbreviations are written out first, keys already
 * present are skipped, and a missing required key is preferred over an equally close optional one.
 */
export function nearestKey(key: string, candidates: readonly string[], context: KeyContext = {}): string | undefined {
  const present = new Set(context.present ?? []);
  const open = candidates.filter((c) => !present.has(c));
  const expanded = expandAbbreviations(key);
  const required = new Set((context.required ?? []).filter((r) => !present.has(r)));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const form of expanded === key.toLowerCase() ? [key] : [expanded, key]) {
    for (const candidate of open) {
      const match = nearest(form, [candidate]);
      if (match === undefined) continue;
      // Distance, then a missing required key before an optional one (half a step).
      const score = distance(form.toLowerCase(), candidate.toLowerCase()) - (required.has(candidate) ? 0.5 : 0);
      if (score < bestScore) {
        bestScore = score;
        best = candidate;
      }
    }
  }
  return best;
}

/** `a`, `b` or `c` — candidates as inline code for messages. */
export function listValues(values: readonly unknown[], conjunction = 'or'): string {
  const shown = values.map((v) => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``);
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} ${conjunction} ${shown[shown.length - 1]}`;
}

/** The candidates nearest to `input` (prefixes first, then by edit distance), for a short list of fixes. */
export function closest(input: string, candidates: readonly string[], count = 5): string[] {
  const needle = input.toLowerCase();
  const score = (c: string) => {
    const hay = c.toLowerCase();
    return hay.startsWith(needle) || needle.startsWith(hay) ? 0 : editDistance(needle, hay);
  };
  return candidates
    .map((c) => ({ c, s: score(c) }))
    .sort((a, b) => a.s - b.s)
    .slice(0, count)
    .map((x) => x.c);
}
