// Starts a real VS Code (code-server, the open-source workbench and its Node extension host) on
// loopback, with a throwaway HOME and user data so a run never reads or writes the user's own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CODE_SERVER_ENTRY } from './paths';
import { freePort, type ManagedProcess, startProcess, tail, waitForHttpOk } from './processes';

/** Settings that keep the workbench quiet and predictable under test. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'editor.hover.delay': 100,
  'files.autoSave': 'off',
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
};

export interface CodeServerOptions {
  /** Folder opened as the workspace, or a `.code-workspace` file. */
  workspace: string;
  /** A VSIX to install before start. */
  vsix?: string;
  /** Merged over QUIET_SETTINGS into the user settings.json. */
  extraSettings?: Record<string, unknown>;
  /**
   * The remote (machine) settings, `Machine/settings.json` under the user data folder: where a remote
   * window, as code-server's is, reads machine-scoped settings such as `polysync.apiUrl`.
   */
  machineSettings?: Record<string, unknown>;
  /** Defaults to a free port. */
  port?: number;
  /** Where HOME, user data and extensions live; a new temp folder by default (removed by stop()). */
  root?: string;
  /** Extra environment for code-server and so for the extension host and language server. */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  readonly process: ManagedProcess;
  /** The workbench's own log folder (extension host log, output channels). */
  logsDir(): string;
  stop(options?: { keepRoot?: boolean }): Promise<void>;
}

export function assertCodeServerInstalled(): void {
  if (!existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server is not installed (${CODE_SERVER_ENTRY} missing): run \`bash test/e2e/setup.sh\` first.`);
  }
}

function isolatedEnv(root: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A test runner's loader flags, or a parent VS Code's variables, must not leak into the editor.
  for (const key of Object.keys(env)) {
    if (key === 'NODE_OPTIONS' || key.startsWith('VSCODE_') || key.startsWith('ELECTRON_') || key === 'NODE_TEST_CONTEXT') delete env[key];
    // The language server reads an account from these; the editor's own key must be the only one.
    if (key.startsWith('POLYTOMIC_')) delete env[key];
  }
  return {
    ...env,
    HOME: path.join(root, 'home'),
    XDG_CONFIG_HOME: path.join(root, 'home', '.config'),
    XDG_DATA_HOME: path.join(root, 'home', '.local', 'share'),
    XDG_CACHE_HOME: path.join(root, 'home', '.cache'),
    ...extra,
  };
}

export function writeUserSettings(userDataDir: string, extraSettings: Record<string, unknown> = {}): void {
  const dir = path.join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'settings.json'), `${JSON.stringify({ ...QUIET_SETTINGS, ...extraSettings }, null, 2)}\n`);
}

export function writeMachineSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const dir = path.join(userDataDir, 'Machine');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/** `code-server --install-extension`, which installs and exits. */
export function installExtension(vsix: string, dirs: { root: string; userDataDir: string; extensionsDir: string }): void {
  if (!existsSync(vsix)) throw new Error(`VSIX not found: ${vsix} (run \`npm run package\`)`);
  const result = spawnSync(
    process.execPath,
    [CODE_SERVER_ENTRY, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir, '--install-extension', vsix, '--force'],
    { env: isolatedEnv(dirs.root), encoding: 'utf8', timeout: 120_000 },
  );
  if (result.status !== 0) {
    throw new Error(`installing ${vsix} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  assertCodeServerInstalled();
  const root = options.root ?? mkdtempSync(path.join(os.tmpdir(), 'polysync-code-server-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  for (const dir of [path.join(root, 'home', '.config'), userDataDir, extensionsDir]) mkdirSync(dir, { recursive: true });
  writeUserSettings(userDataDir, options.extraSettings);
  if (options.machineSettings) writeMachineSettings(userDataDir, options.machineSettings);
  if (options.vsix) installExtension(options.vsix, { root, userDataDir, extensionsDir });

  const port = options.port ?? (await freePort());
  const logFile = path.join(root, 'code-server.log');
  const proc = startProcess(
    process.execPath,
    [
      CODE_SERVER_ENTRY,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      options.workspace,
    ],
    { env: isolatedEnv(root, options.env), cwd: root, logFile },
  );
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitForHttpOk(`${url}healthz`, proc, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await proc.stop();
    throw error;
  }

  return {
    url,
    port,
    root,
    userDataDir,
    extensionsDir,
    logFile,
    process: proc,
    logsDir: () => path.join(userDataDir, 'logs'),
    async stop({ keepRoot = false } = {}) {
      await proc.stop();
      if (!keepRoot && !options.root) rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Newest session folder under the workbench logs (one per start). */
export function latestLogSession(server: CodeServer): string | undefined {
  try {
    const sessions = readdirSync(server.logsDir()).sort();
    return sessions.length ? path.join(server.logsDir(), sessions[sessions.length - 1]) : undefined;
  } catch {
    return undefined;
  }
}

export function describeCodeServerLog(server: CodeServer): string {
  return `code-server log (${server.logFile}):\n${tail(server.logFile, 30)}`;
}
