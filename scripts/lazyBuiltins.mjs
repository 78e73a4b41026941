// An esbuild plugin for the Node server bundle: in the few library files listed below, a top-level
// `const x = require("child_process")` (or "crypto") becomes an object that loads the module on the first
// property read. vscode-languageserver and vscode-jsonrpc load these modules as they start, but only use
// them for things the language server's start never does (resolving global node modules, naming a pipe,
// a random id), and loading them (child_process brings dgram) costs milliseconds of every start.
//
// Only property reads are supported (`x.spawn`, `(0, x.randomBytes)(16)`), which is all these files do;
// a file listed here that no longer has the line it expects fails the build, so a library update cannot
// silently bring the modules back or leave a wrong rewrite in place.

/** Library files (paths under node_modules) and the Node modules each may load late. */
export const LAZY_BUILTINS = {
  'vscode-jsonrpc/lib/node/main.js': ['crypto'],
  'vscode-jsonrpc/lib/node/ril.js': ['crypto'],
  'vscode-languageserver/lib/node/files.js': ['child_process'],
};

/**
 * `source` with each `const|var|let NAME = require("MODULE");` line for the given modules turned into a
 * lazily loading object. Throws when a module's line is missing.
 */
export function makeBuiltinsLazy(source, modules, file = 'the file') {
  let result = source;
  for (const name of modules) {
    if (!/^[a-z_]+$/.test(name)) throw new Error(`lazy-builtins: not a Node module name: ${name}`);
    const line = new RegExp(`^(const|var|let) ([A-Za-z_$][\\w$]*) = require\\("${name}"\\);$`, 'm');
    const match = line.exec(result);
    if (!match) throw new Error(`lazy-builtins: ${file} no longer has \`const … = require("${name}");\`; update scripts/lazyBuiltins.mjs`);
    const [, kind, binding] = match;
    const lazy = `${kind} ${binding} = ((load) => { let loaded; return new Proxy({}, { get: (_, key) => (loaded ??= load())[key] }); })(() => require("${name}"));`;
    result = result.slice(0, match.index) + lazy + result.slice(match.index + match[0].length);
  }
  return result;
}

/** The esbuild plugin: rewrites the files of LAZY_BUILTINS as they are bundled. */
export function lazyBuiltinsPlugin(files = LAZY_BUILTINS) {
  return {
    name: 'lazy-builtins',
    setup(build) {
      const entries = Object.entries(files).map(([file, modules]) => [`/node_modules/${file}`, modules]);
      build.onLoad({ filter: /[\\/]node_modules[\\/].*\.js$/ }, async (args) => {
        const normalized = args.path.replace(/\\/g, '/');
        const entry = entries.find(([suffix]) => normalized.endsWith(suffix));
        if (!entry) return undefined;
        const { readFile } = await import('node:fs/promises');
        return { contents: makeBuiltinsLazy(await readFile(args.path, 'utf8'), entry[1], entry[0]), loader: 'js' };
      });
    },
  };
}
