// The web variant of the extension-host suite: the entry the browser's web worker extension host loads as
// `extensionTestsPath` (the runner moves the extension under test there with the user setting
// `remote.extensionKind`, so its `browser` entry runs, and the tests run beside it). The host evaluates this one file with
// nothing but `vscode` to require, so mocha's browser build and the suites are bundled into it (build.ts).
// Only the suites that need no Node, no disk and no workbench driver run here: diagnostics, language
// features, untitled documents and the diagnostic code links; the account steps of the web build are covered by test/e2e/web.test.ts.
import 'mocha/mocha';
import { REPORT_PREFIX } from '../suite/report';
import { format } from './format';

/** The suites, in order; loaded after mocha.setup(), which defines the globals they register with. */
const SUITES = [
  () => require('./00-web-host.suite'),
  () => require('../suite/01-diagnostics.suite'),
  () => require('../suite/02-language.suite'),
  () => require('../suite/04-untitled.suite'),
  () => require('./05-doc-links.suite'),
];

declare const POLYSYNC_EXTHOST_GREP: string;

export async function run(): Promise<void> {
  const mocha = (globalThis as unknown as { mocha: BrowserMocha }).mocha;
  const Mocha = (globalThis as unknown as { Mocha: typeof import('mocha') }).Mocha;
  // The runner reads the suite's lines from the host's console by this prefix, as in the desktop host.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    for (const line of format(args).split('\n')) console.log(`${REPORT_PREFIX}${line}`);
  };
  mocha.setup({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  if (POLYSYNC_EXTHOST_GREP) mocha.grep(POLYSYNC_EXTHOST_GREP);
  for (const load of SUITES) load();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension-host test${failures === 1 ? '' : 's'} failed (web worker host)`);
}

interface BrowserMocha {
  setup(options: { ui: string; reporter: string; color: boolean; timeout: number }): void;
  grep(pattern: string): void;
  run(done: (failures: number) => void): void;
}
