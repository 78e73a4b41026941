// Runs in a worker_threads Worker before the web server bundle: takes away what Node gives a script
// (process, Buffer, require, module, global, setImmediate...) and gives it what a browser's dedicated
// worker scope has instead: `self`, `postMessage` and `onmessage` on the global, wired to the parent.
// Then it reports which Node globals are left (none, or the test fails) and runs the bundle, with no
// require or module in its scope, as a browser would run a worker script.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const vm = require('node:vm');

const bundle = readFileSync(workerData.bundle, 'utf8');
const port = parentPort;
const NODE_GLOBALS = ['process', 'Buffer', 'global', 'setImmediate', 'clearImmediate', 'require', 'module', 'exports', '__filename', '__dirname'];

let handler = null;
const errorListeners = [];
Object.defineProperty(globalThis, 'onmessage', { configurable: true, get: () => handler, set: (fn) => (handler = fn) });
globalThis.postMessage = (message) => port.postMessage({ lsp: message });
globalThis.addEventListener = (type, listener) => {
  if (type === 'error') errorListeners.push(listener);
};
globalThis.self = globalThis;
port.on('message', (message) => handler?.({ data: message }));

for (const name of NODE_GLOBALS) delete globalThis[name];
// What the bundle will see: evaluated in the same global scope, like the bundle's own code.
const left = vm.runInThisContext(`[${NODE_GLOBALS.map((n) => `typeof ${n} !== 'undefined' ? '${n}' : null`).join(', ')}].filter(Boolean)`);
port.postMessage({ nodeGlobalsLeft: left });
try {
  vm.runInThisContext(bundle, { filename: workerData.bundle });
} catch (error) {
  port.postMessage({ bundleError: String(error && error.stack ? error.stack : error) });
}
