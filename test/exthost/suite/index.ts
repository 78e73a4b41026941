// The extension-host test entry, in the shape @vscode/test-electron (and VS Code's own browser
// integration tests) expect: `run()` resolves when every test passed and rejects otherwise.
// It runs inside the extension host, next to the extension under test, and loads every
// `*.suite.js` compiled beside it, in name order: the files are numbered because they share one
// editor, one sandbox and one secret storage, and later files build on what earlier ones left.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { REPORT_PREFIX } from './report';

export async function run(): Promise<void> {
  // The workbench forwards the whole host console; the prefix tells the runner which lines are the suite's.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    for (const line of format(...args).split('\n')) console.log(`${REPORT_PREFIX}${line}`);
  };
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 60_000 });
  const grep = process.env.POLYSYNC_EXTHOST_GREP;
  if (grep) mocha.grep(grep);
  for (const name of readdirSync(__dirname).filter((n) => n.endsWith('.suite.js')).sort()) mocha.addFile(path.join(__dirname, name));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension-host test${failures === 1 ? '' : 's'} failed`);
}
