// `npm run test:exthost`: runs the extension-host suite (test/exthost/suite) inside VS Code 1.100.3
// (code-server's Node extension host), headless, driven by Playwright in Chromium. The extension is
// loaded as under development from the repository (dist/ as built; nothing is rebuilt), the tests
// from the compiled suite, both named in the workbench URL's `payload` (as VS Code's own browser
// integration tests do). The workbench reports the suite's end through `codeAutomationExit` and
// forwards the host's console through `codeAutomationLog`; this script prints that output and exits
// with the suite's status.
//
// `--web` (npm run test:exthost:web) runs the web variant instead: the suites of test/exthost/web/index.ts,
// bundled for the browser, in the browser's web worker extension host, with the extension under test
// moved there too by the user setting `remote.extensionKind` (as web.test.ts does; the payload's
// `extensionDevelopmentKind` is not read by this workbench's browser build), so its `browser` entry runs
// and the tests run in the host of the extension under development. The
// workbench does not forward that host's console through codeAutomationLog; the suite's lines are read
// from the page's console instead, where the worker's console.log arrives.
//
// Environment: POLYSYNC_EXTHOST_EXTENSION (another extension folder, for the negative control),
// POLYSYNC_EXTHOST_GREP (only tests whose title matches), POLYSYNC_EXTHOST_TIMEOUT_MS (bound of the
// whole run, 300000), POLYSYNC_E2E_TIMEOUT_MS (bound of each UI wait), POLYSYNC_E2E_ARTIFACTS.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { Artifacts } from '../e2e/lib/artifacts';
import { type CodeServer, startCodeServer } from '../e2e/lib/codeServer';
import { keepEditorLogs } from '../e2e/lib/session';
import { Workbench } from '../e2e/lib/workbench';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { assertExtensionBuilt, buildSuite, buildWebSuite, REPO_ROOT, WORKSPACE_FIXTURE } from './build';
import { type Driver, startDriver } from './driver';
import { REPORT_PREFIX } from './suite/report';

const RUN_TIMEOUT_MS = Number(process.env.POLYSYNC_EXTHOST_TIMEOUT_MS) || 300_000;
const WEB = process.argv.includes('--web');
/** `publisher.name`, the id `remote.extensionKind` names. */
const EXTENSION_ID = ((m: { publisher: string; name: string }) => `${m.publisher}.${m.name}`)(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')));

async function main(): Promise<number> {
  const extensionPath = path.resolve(process.env.POLYSYNC_EXTHOST_EXTENSION || REPO_ROOT);
  assertExtensionBuilt(extensionPath);
  const suiteEntry = WEB ? await buildWebSuite(extensionPath, { grep: process.env.POLYSYNC_EXTHOST_GREP, waitMs: process.env.POLYSYNC_E2E_TIMEOUT_MS }) : await buildSuite();
  const artifacts = new Artifacts(WEB ? 'exthost-web' : 'exthost');
  const workspaceRoot = mkdtempSync(path.join(os.tmpdir(), 'polysync-exthost-'));
  const workspace = path.join(workspaceRoot, 'workspace');
  cpSync(WORKSPACE_FIXTURE, workspace, { recursive: true });

  let sandbox: Sandbox | undefined;
  let other: Sandbox | undefined;
  let driver: Driver | undefined;
  let codeServer: CodeServer | undefined;
  let workbench: Workbench | undefined;
  const output: string[] = [];
  const print = (line: string) => {
    output.push(line);
    process.stdout.write(`${line}\n`);
  };
  // The workbench forwards its own log and the whole host console; the suite's lines are prefixed.
  const hostLine = (line: string) => {
    if (line.startsWith(REPORT_PREFIX)) print(line.slice(REPORT_PREFIX.length));
    else output.push(line);
  };
  let status = 1;
  try {
    sandbox = await startSandbox();
    // A second API, to prove a key set for the first is never sent to it (it records what it receives).
    other = await startSandbox();
    workbench = await Workbench.launch(artifacts);
    driver = await startDriver(sandbox, workbench, other);
    codeServer = await startCodeServer({
      workspace,
      // The sandbox stands in for Polytomic. polysync.apiUrl is a machine setting and code-server's window
      // is remote: it goes in the Machine (remote) settings, as a person should set it there.
      machineSettings: { 'polysync.apiUrl': sandbox.url },
      ...(WEB ? { extraSettings: { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } } } : {}),
      env: { POLYSYNC_EXTHOST_DRIVER: driver.url, POLYSYNC_EXTHOST_OTHER_API: other.url, ...(process.env.POLYSYNC_EXTHOST_GREP ? { POLYSYNC_EXTHOST_GREP: process.env.POLYSYNC_EXTHOST_GREP } : {}) },
    });
    const remote = (file: string) => `vscode-remote://127.0.0.1:${codeServer!.port}${file}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(suiteEntry)],
      ['skipWelcome', 'true'],
    ];
    const page = workbench.page;
    let finish: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      for (const l of line.replace(/\n$/, '').split('\n')) hostLine(type === 'error' ? `[${type}] ${l}` : l);
    });
    if (WEB) page.on('console', (message) => hostLine(message.text()));
    const url = `${codeServer.url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    print(`extension-host tests in VS Code (code-server)${WEB ? ", in the browser's web worker extension host," : ''} at ${codeServer.url}, extension ${extensionPath}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), RUN_TIMEOUT_MS)));
    const result = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      print(`the suite did not finish within ${RUN_TIMEOUT_MS} ms`);
      await workbench.screenshot('timeout');
    } else {
      status = result;
      await workbench.screenshot(`finished-exit-${result}`);
    }
  } catch (error) {
    print(`extension-host run failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    await workbench?.screenshot('FAILED');
  } finally {
    const keepLogs = status !== 0 || process.env.POLYSYNC_E2E_KEEP_LOGS === '1';
    artifacts.writeText('output.txt', `${output.join('\n')}\n`);
    if (keepLogs && workbench) artifacts.writeText('browser-console.log', `${workbench.consoleLines.join('\n')}\n`);
    await workbench?.close();
    if (codeServer) {
      await codeServer.stop({ keepRoot: true });
      if (keepLogs) keepEditorLogs(artifacts, codeServer);
      rmSync(codeServer.root, { recursive: true, force: true });
    }
    await driver?.close();
    await sandbox?.close();
    await other?.close();
    rmSync(workspaceRoot, { recursive: true, force: true });
  }
  print(`extension-host suite exited ${status}${status === 0 ? '' : `; screenshots and logs: ${artifacts.dir}`}`);
  return status;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
