// A unified diff (as `diff -u` and `git diff` print) of two versions of a file, for the previews
// `fmt --diff` and `check --fix-dry-run`. Lines are compared with their line ends, so a changed line
// end shows as a changed line.

/** Lines of context around each change. */
const CONTEXT = 3;

interface Line {
  text: string;
  /** The line had no line end (the last line of a file without a final newline). */
  open: boolean;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const pattern = /[^\r\n]*(\r\n|\r|\n)|[^\r\n]+$/g;
  for (const match of text.matchAll(pattern)) {
    if (match[0] === '') break;
    lines.push({ text: match[0], open: match[1] === undefined });
  }
  return lines;
}

type Op = { kind: ' ' | '-' | '+'; line: Line };

/** The shortest edit script between `a` and `b` (Myers' O(ND) algorithm) over the part that differs. */
function editScript(a: Line[], b: Line[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start].text === b[start].text) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1].text === b[endB - 1].text) {
    endA--;
    endB--;
  }
  const ops: Op[] = a.slice(0, start).map((line) => ({ kind: ' ', line }));
  const x0 = a.slice(start, endA);
  const y0 = b.slice(start, endB);
  const n = x0.length;
  const m = y0.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = max === 0;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && x0[x].text === y0[y].text) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from the end to recover the script.
  const middle: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) middle.push({ kind: ' ', line: x0[--x] }), y--;
    if (d === 0) break;
    if (x === prevX) middle.push({ kind: '+', line: y0[--y] });
    else middle.push({ kind: '-', line: x0[--x] });
  }
  while (x > 0 && y > 0) middle.push({ kind: ' ', line: x0[--x] }), y--;
  ops.push(...middle.reverse());
  ops.push(...a.slice(endA).map((line): Op => ({ kind: ' ', line })));
  return ops;
}

export interface DiffColors {
  header(text: string): string;
  hunk(text: string): string;
  removed(text: string): string;
  added(text: string): string;
}

/** `--- a/NAME`, `+++ b/NAME`, then hunks; empty when the texts are equal. */
export function unifiedDiff(name: string, before: string, after: string, colors?: DiffColors): string {
  if (before === after) return '';
  const ops = editScript(splitLines(before), splitLines(after));
  const paint = (f: keyof DiffColors, s: string) => (colors ? colors[f](s) : s);
  const shown = name.split('\\').join('/');
  const out: string[] = [paint('header', `--- a/${shown}`), paint('header', `+++ b/${shown}`)];
  // Line numbers before each op, in the old and the new text.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 0;
  let n = 0;
  for (const op of ops) {
    oldAt.push(o);
    newAt.push(n);
    if (op.kind !== '+') o++;
    if (op.kind !== '-') n++;
  }
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      i++;
      continue;
    }
    // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last change within reach.
    const first = Math.max(0, i - CONTEXT);
    let last = i;
    for (let j = i; j < ops.length; j++) {
      if (ops[j].kind !== ' ') last = j;
      else if (j - last > 2 * CONTEXT) break;
    }
    const end = Math.min(ops.length, last + CONTEXT + 1);
    const slice = ops.slice(first, end);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    const range = (startLine: number, count: number) => `${count === 0 ? startLine : startLine + 1}${count === 1 ? '' : `,${count}`}`;
    out.push(paint('hunk', `@@ -${range(oldAt[first], oldCount)} +${range(newAt[first], newCount)} @@`));
    for (const op of slice) {
      // A \r before the line end is kept, as git diff keeps it, so patch(1) restores CRLF lines.
      const body = op.kind + op.line.text.replace(/\n$/, '');
      out.push(op.kind === '-' ? paint('removed', body) : op.kind === '+' ? paint('added', body) : body);
      if (op.line.open) out.push('\\ No newline at end of file');
    }
    i = end;
  }
  return out.join('\n') + '\n';
}
