// One editor session for a test file: a fresh copy of a fixture workspace, code-server with the
// packaged extension installed, and Chromium on its workbench. close() always stops everything and,
// when a step failed, keeps the editor's logs next to the screenshots.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Artifacts } from './artifacts';
import { type CodeServer, latestLogSession, startCodeServer } from './codeServer';
import { VSIX } from './paths';
import { Workbench } from './workbench';

export interface SessionOptions {
  /** Names the artifacts folder: test/e2e/artifacts/<name>/. */
  name: string;
  /** Folder copied to a temp dir and opened as the workspace. */
  workspaceFixture: string;
  /** A `.code-workspace` file inside the fixture to open instead of the folder (a multi-root workspace). */
  workspaceFile?: string;
  vsix?: string;
  extraSettings?: Record<string, unknown>;
  /** The Machine (remote) settings, where code-server's remote window reads machine settings such as polysync.apiUrl. */
  machineSettings?: Record<string, unknown>;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface Session {
  readonly artifacts: Artifacts;
  readonly codeServer: CodeServer;
  readonly workbench: Workbench;
  /** The temp copy of the fixture that the editor has open. */
  readonly workspace: string;
  /** A user-visible step: screenshot afterwards, and on failure the logs are kept at close(). */
  step<T>(name: string, action: (wb: Workbench) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Copies what explains a failure: the workbench logs (extension host, output channels) and code-server's own. */
export function keepEditorLogs(artifacts: Artifacts, codeServer: CodeServer): void {
  artifacts.keep(codeServer.logFile, 'code-server.log');
  const session = latestLogSession(codeServer);
  if (session) artifacts.keep(session, 'logs');
  else artifacts.keep(codeServer.logsDir(), 'logs');
}

export async function startSession(options: SessionOptions): Promise<Session> {
  const artifacts = new Artifacts(options.name);
  const workspaceRoot = mkdtempSync(path.join(os.tmpdir(), 'polysync-workspace-'));
  const workspace = path.join(workspaceRoot, path.basename(options.workspaceFixture));
  cpSync(options.workspaceFixture, workspace, { recursive: true });

  let codeServer: CodeServer | undefined;
  let workbench: Workbench | undefined;
  const close = async () => {
    const keepLogs = artifacts.failed || process.env.POLYSYNC_E2E_KEEP_LOGS === '1';
    if (keepLogs && workbench) artifacts.writeText('browser-console.log', `${workbench.consoleLines.join('\n')}\n`);
    await workbench?.close();
    if (codeServer) {
      // Stop first so every log is flushed, but keep the folder until the logs are copied.
      await codeServer.stop({ keepRoot: true });
      if (keepLogs) keepEditorLogs(artifacts, codeServer);
      rmSync(codeServer.root, { recursive: true, force: true });
    }
    rmSync(workspaceRoot, { recursive: true, force: true });
  };

  try {
    codeServer = await startCodeServer({
      workspace: options.workspaceFile ? path.join(workspace, options.workspaceFile) : workspace,
      vsix: options.vsix ?? VSIX,
      extraSettings: options.extraSettings,
      machineSettings: options.machineSettings,
      env: options.env,
    });
    workbench = await Workbench.launch(artifacts, { timeoutMs: options.timeoutMs });
    const wb = workbench;
    await wb.step('workbench-opened', () => wb.open(codeServer!.url));
  } catch (error) {
    artifacts.failed = true;
    await close();
    throw error;
  }

  const wb = workbench;
  return {
    artifacts,
    codeServer,
    workbench: wb,
    workspace,
    step: (name, action) => wb.step(name, () => action(wb)),
    close,
  };
}
