// Loaded into the server under test with NODE_OPTIONS=--require: when the process exits, writes the Node
// built-in modules it loaded (process.moduleLoadList) to the file named by POLYSYNC_TEST_LOADED_MODULES.
// Used by lazy-modules.test.ts; the server itself has no hook for this.
'use strict';
const fs = require('node:fs');
process.on('exit', () => {
  fs.writeFileSync(process.env.POLYSYNC_TEST_LOADED_MODULES, process.moduleLoadList.join('\n'));
});
