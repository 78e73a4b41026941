// An esbuild plugin for the Node server bundle: jsonc-parser's formatter keeps tables of line breaks
// followed by 0-199 spaces or tabs (impl/string-intern.js), 1,200 strings built when the module loads,
// about 250 KB of heap allocated on every start of the language server before its first answer, for a
// formatting request that may never come. Here each of the six tables is built on its first read, with
// the same strings; the small `cachedSpaces` table and `supportedEols` stay as they are.
//
// The rewrite checks the file for the lines it replaces: a jsonc-parser update that changes them fails
// the build instead of shipping a wrong table.

export const STRING_INTERN_FILE = 'jsonc-parser/lib/esm/impl/string-intern.js';

const TABLES_START = 'export const cachedBreakLinesWithSpaces = {';
const TABLES_END = 'export const supportedEols = ';

/** The replacement for the eager tables: the same keys, each table built when first read. */
const LAZY_TABLES = `const lazyLineBreakTables = (indent) => {
    const tables = {};
    for (const eol of ['\\n', '\\r', '\\r\\n']) {
        let built;
        Object.defineProperty(tables, eol, { enumerable: true, get: () => (built ??= Array.from({ length: maxCachedValues }, (_, index) => eol + indent.repeat(index))) });
    }
    return tables;
};
export const cachedBreakLinesWithSpaces = { ' ': lazyLineBreakTables(' '), '\\t': lazyLineBreakTables('\\t') };
`;

/** `source` (string-intern.js) with the line-break tables built on first read. Throws when the file is not the expected one. */
export function makeIndentTablesLazy(source) {
  const start = source.indexOf(TABLES_START);
  const end = source.indexOf(TABLES_END);
  const tables = start < 0 || end < start ? '' : source.slice(start, end);
  const expected =
    source.includes('const maxCachedValues = 200;') &&
    source.includes("export const supportedEols = ['\\n', '\\r', '\\r\\n'];") &&
    // Six tables: three line breaks after spaces, three after tabs, each `eol + indent.repeat(index)`.
    (tables.match(/new Array\(maxCachedValues\)\.fill\(0\)\.map\(\(_, index\) => \{\s*return '(\\n|\\r|\\r\\n)' \+ '( |\\t)'\.repeat\(index\);\s*\}\)/g) ?? []).length === 6;
  if (!expected) throw new Error(`lazy-indent-tables: ${STRING_INTERN_FILE} is not the one expected; update scripts/lazyIndentTables.mjs`);
  return source.slice(0, start) + LAZY_TABLES + source.slice(end);
}

/** The esbuild plugin: rewrites jsonc-parser's string-intern.js as it is bundled. */
export function lazyIndentTablesPlugin() {
  return {
    name: 'lazy-indent-tables',
    setup(build) {
      build.onLoad({ filter: /[\\/]jsonc-parser[\\/]lib[\\/]esm[\\/]impl[\\/]string-intern\.js$/ }, async (args) => {
        const { readFile } = await import('node:fs/promises');
        return { contents: makeIndentTablesLazy(await readFile(args.path, 'utf8')), loader: 'js' };
      });
    },
  };
}
