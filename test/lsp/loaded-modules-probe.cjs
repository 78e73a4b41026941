// Loaded into the server under test with NODE_OPTIONS=--require: when the process exits, writes the Node
// built-in modules it loaded (process.moduleLoadList) to the file named by POLYSYNC_TEST_LOADED_MODULES,
// then a line saying whether the launcher had read the server bundle (published its code cache report)
// when the first message was written to standard output (through the stream or to its descriptor; or sent over the IPC channel, with --node-ipc). Used by lazy-modules.test.ts; the server itself
// has no hook for this.
'use strict';
const fs = require('node:fs');
let bundleReadAtFirstWrite;
const bundleRead = () => globalThis[Symbol.for('polysync.codeCache')] !== undefined;
if (process.argv.includes('--node-ipc') && typeof process.send === 'function') {
  const send = process.send;
  process.send = function (...args) {
    bundleReadAtFirstWrite ??= bundleRead();
    return send.apply(this, args);
  };
} else {
  const write = process.stdout.write;
  process.stdout.write = function (...args) {
    bundleReadAtFirstWrite ??= bundleRead();
    return write.apply(this, args);
  };
  // The server's writer writes its messages to the descriptor directly while the stream holds nothing back.
  const writeSync = fs.writeSync;
  fs.writeSync = function (fd, ...args) {
    if (fd === 1) bundleReadAtFirstWrite ??= bundleRead();
    return writeSync.call(this, fd, ...args);
  };
}
process.on('exit', () => {
  fs.writeFileSync(process.env.POLYSYNC_TEST_LOADED_MODULES, [...process.moduleLoadList, `FirstWrite bundleRead=${bundleReadAtFirstWrite}`].join('\n'));
});
