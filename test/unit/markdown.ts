// Just enough Markdown reading for the documentation tests: fenced code is skipped, tables are
// found with their column counts, and links and images are listed with their line numbers.

export interface MarkdownLine {
  line: number;
  text: string;
}

/** The lines outside fenced code blocks, numbered from 1. */
export function proseLines(markdown: string): MarkdownLine[] {
  const out: MarkdownLine[] = [];
  let fence: string | undefined;
  markdown.split(/\r?\n/).forEach((text, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
      return;
    }
    if (fence === undefined) out.push({ line: index + 1, text });
  });
  return out;
}

/** The cells of a table row: split on `|` outside code spans, without the outer pipes. */
export function tableCells(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let inCode = false;
  const text = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (c === '`') {
      inCode = !inCode;
      cell += c;
    } else if (c === '|' && !inCode) {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

export interface Table {
  line: number;
  header: string[];
  rows: { line: number; cells: string[] }[];
}

export interface TableReading {
  tables: Table[];
  /** Lines that look like table rows but belong to no table (a header and `|---|` line must start one). */
  strayRows: MarkdownLine[];
}

const isRow = (text: string) => /^\s*\|/.test(text);
const isSeparator = (text: string) => /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(text);

export function readTables(markdown: string): TableReading {
  const lines = proseLines(markdown);
  const tables: Table[] = [];
  const strayRows: MarkdownLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const { line, text } = lines[i];
    if (!isRow(text)) continue;
    const next = lines[i + 1];
    if (next && next.line === line + 1 && isSeparator(next.text)) {
      const table: Table = { line, header: tableCells(text), rows: [] };
      i += 2;
      while (i < lines.length && lines[i].line === lines[i - 1].line + 1 && isRow(lines[i].text)) {
        table.rows.push({ line: lines[i].line, cells: tableCells(lines[i].text) });
        i++;
      }
      i--;
      tables.push(table);
    } else strayRows.push(lines[i]);
  }
  return { tables, strayRows };
}

export interface Link {
  line: number;
  image: boolean;
  target: string;
}

/** Inline links and images, reference definitions, and HTML href/src attributes, outside code. */
export function links(markdown: string): Link[] {
  const out: Link[] = [];
  for (const { line, text } of proseLines(markdown)) {
    const prose = text.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(/(!?)\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      out.push({ line, image: m[1] === '!', target: m[2] });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/.exec(prose);
    if (definition) out.push({ line, image: false, target: definition[1] });
    for (const m of prose.matchAll(/<(a|img|video|source)\b[^>]*\b(href|src)\s*=\s*["']([^"']+)["']/gi)) {
      out.push({ line, image: m[1].toLowerCase() !== 'a', target: m[3] });
    }
  }
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const slug = heading[1]
      .toLowerCase()
      .replace(/[*_`]/g, '')
      .replace(/[^\p{L}\p{N}\s-]/gu, '')
      .replace(/\s/g, '-');
    let unique = slug;
    for (let n = 1; anchors.has(unique); n++) unique = `${slug}-${n}`;
    anchors.add(unique);
  }
  return anchors;
}
