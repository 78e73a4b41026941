// `npm run test:electron`: the extension-host suite through @vscode/test-electron's runTests, in a
// VS Code desktop build it downloads (for CI elsewhere and developers' machines; this repository's
// CI runs the same suite in code-server: `npm run test:exthost`). The extension is dist/ as built.
// The sandbox API is started here as for test:exthost; no browser drives the window, so the steps
// that need one (typing into an input box, reading notifications and the language status) are skipped
// with that reason.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { writeUserSettings } from '../e2e/lib/codeServer';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { assertExtensionBuilt, buildSuite, REPO_ROOT, WORKSPACE_FIXTURE } from './build';

/** The VS Code the suite is written against (the version code-server 4.100.3 carries). */
const VSCODE_VERSION = process.env.POLYSYNC_VSCODE_VERSION || '1.100.3';

async function main(): Promise<number> {
  const extensionPath = path.resolve(process.env.POLYSYNC_EXTHOST_EXTENSION || REPO_ROOT);
  assertExtensionBuilt(extensionPath);
  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: VSCODE_VERSION, cachePath: path.join(REPO_ROOT, '.vscode-test') });
  } catch (error) {
    console.error(
      `test:electron: VS Code ${VSCODE_VERSION} could not be downloaded (${error instanceof Error ? error.message : String(error)}).\n` +
        '@vscode/test-electron needs Microsoft\'s update host; where it cannot be reached, run the same suite in code-server: npm run test:exthost',
    );
    return 1;
  }
  const suiteEntry = await buildSuite();
  const root = mkdtempSync(path.join(os.tmpdir(), 'polysync-electron-'));
  const workspace = path.join(root, 'workspace');
  cpSync(WORKSPACE_FIXTURE, workspace, { recursive: true });
  let sandbox: Sandbox | undefined;
  try {
    sandbox = await startSandbox();
    const userDataDir = path.join(root, 'user-data');
    writeUserSettings(userDataDir, { 'polysync.apiUrl': sandbox.url });
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: suiteEntry,
      launchArgs: [workspace, '--user-data-dir', userDataDir, '--extensions-dir', path.join(root, 'extensions'), '--disable-workspace-trust'],
      extensionTestsEnv: process.env.POLYSYNC_EXTHOST_GREP ? { POLYSYNC_EXTHOST_GREP: process.env.POLYSYNC_EXTHOST_GREP } : {},
    });
  } catch (error) {
    console.error(`test:electron: the suite failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await sandbox?.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
