// `npm run demo`: try Polysync without a Polytomic account. Packages the extension, makes sure the
// pinned VS Code (code-server) is installed, starts the local sandbox API, and serves VS Code with
// the extension and a copy of examples/ on 127.0.0.1 until Ctrl+C.
// `npm run demo -- --check` does the same, then opens an example in headless Chromium, saves a
// screenshot and exits, so CI can show the demo works.
// On a fresh clone test/e2e/node_modules does not exist until setup.sh has run, so nothing that needs
// it (playwright-core through the workbench driver) is imported at the top of this file: check()
// loads it after the setup step.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_SYNC_ID, startSandbox } from '../sandbox/server';
import { Artifacts } from './lib/artifacts';
import { type CodeServer, startCodeServer } from './lib/codeServer';
import { E2E_DIR, LANGUAGE_NAME, REPO_ROOT, VSIX } from './lib/paths';
import { tail } from './lib/processes';

const USAGE = `Usage: npm run demo [-- --port 8080] [-- --sandbox-port 8787] [-- --check]

  --port N          code-server port on 127.0.0.1 (default 8080; with --check, a free port)
  --sandbox-port N  sandbox API port on 127.0.0.1 (default: a free port)
  --check           open an example in headless Chromium, save a screenshot, and exit
`;

// Fixed keys of the local sandbox (not credentials of any real account).
const SANDBOX_USER_KEY = 'sandbox-user-key';
const SANDBOX_READONLY_KEY = 'sandbox-readonly-key';
const EXAMPLE_FILE = 'salesforce-to-snowflake.polysync.json';
const LINKED_EXAMPLE = 'salesforce-nightly.polysync.json';

interface Options {
  port?: number;
  sandboxPort: number;
  check: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { sandboxPort: 0, check: false };
  const portValue = (flag: string, raw: string | undefined): number => {
    const port = Number(raw);
    if (raw === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(`${flag} needs a port number from 0 to 65535 (got ${raw ?? 'nothing'})`);
    }
    return port;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--help' || flag === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (flag === '--check') options.check = true;
    else if (flag === '--port') options.port = portValue(flag, value());
    else if (flag === '--sandbox-port') options.sandboxPort = portValue(flag, value());
    else throw new UsageError(`unknown option ${argv[i]}`);
  }
  return options;
}

class UsageError extends Error {}

function run(step: string, command: string, args: string[], cwd: string): void {
  process.stdout.write(`demo: ${step}...\n`);
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`${step} failed (${command} ${args.join(' ')} exited with ${result.status ?? result.signal})`);
  }
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The palette title of the manifest's "set API key" command, if the manifest has one. */
function setKeyCommandTitle(): string {
  try {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const commands: Array<{ command: string; title: string; category?: string }> = manifest.contributes?.commands ?? [];
    const found = commands.find((c) => /api ?key/i.test(c.title) && /set|enter|store/i.test(`${c.title} ${c.command}`));
    if (found) return found.category ? `${found.category}: ${found.title}` : found.title;
  } catch {
    // Fall through to the documented name.
  }
  return 'Polysync: Set API Key';
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const port = options.port ?? (options.check ? 0 : 8080);
  if (port !== 0 && !(await portIsFree(port))) {
    throw new UsageError(`port ${port} on 127.0.0.1 is in use; choose another with --port`);
  }

  run('building and packaging the extension (npm run package)', 'npm', ['run', 'package'], REPO_ROOT);
  run('checking the editor install (test/e2e/setup.sh; the first run installs packages, about 2 minutes)', 'bash', [path.join(E2E_DIR, 'setup.sh')], REPO_ROOT);

  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await Promise.resolve(step()).catch(() => undefined);
    cleanups.length = 0;
  };

  let codeServer: CodeServer | undefined;
  try {
    // Seeded with the bulk sync examples/salesforce-nightly.polysync.json is linked to, and its runs.
    const sandbox = await startSandbox({ port: options.sandboxPort, seed: true });
    cleanups.push(() => sandbox.close());

    // examples/ with schemas/ beside it, so each example's relative "$schema" still resolves.
    const demoRoot = mkdtempSync(path.join(os.tmpdir(), 'polysync-demo-'));
    cleanups.push(() => rmSync(demoRoot, { recursive: true, force: true }));
    const workspace = path.join(demoRoot, 'examples');
    cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
    cpSync(path.join(REPO_ROOT, 'schemas'), path.join(demoRoot, 'schemas'), { recursive: true });

    process.stdout.write('demo: starting VS Code (code-server) with the extension...\n');
    codeServer = await startCodeServer({
      workspace,
      vsix: VSIX,
      port: port === 0 ? undefined : port,
      root: path.join(demoRoot, 'code-server'),
      // A machine setting: code-server's window is remote, so it reads it from the Machine settings.
      machineSettings: { 'polysync.apiUrl': sandbox.url },
    });
    const server = codeServer;
    cleanups.push(() => server.stop());

    if (options.check) return await check(server);

    process.stdout.write(
      [
        '',
        'Polysync demo is running.',
        `  VS Code:      ${server.url}  (the examples/ folder is open; bound to 127.0.0.1 only,`,
        `                from another machine: ssh -L ${server.port}:127.0.0.1:${server.port} <this host>)`,
        `  Sandbox API:  ${sandbox.url}  (the setting polysync.apiUrl points at it)`,
        `  API key:      run "${setKeyCommandTitle()}" from the command palette (Ctrl+Shift+P)`,
        `                and paste the sandbox key ${SANDBOX_USER_KEY}`,
        `                (${SANDBOX_READONLY_KEY} is a read-only key: creating a sync gets 403).`,
        `  Linked file:  ${LINKED_EXAMPLE} is linked to the sandbox's bulk sync ${DEMO_SYNC_ID},`,
        '                which has a run history; from a terminal, with the key and URL above in',
        '                POLYTOMIC_API_KEY and POLYTOMIC_API_URL: polysync diff, status, run --wait, apply.',
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );

    const reason = await new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('interrupted'));
      process.once('SIGTERM', () => resolve('terminated'));
      void server.process.exited.then((code) => resolve(`code-server exited (${code})`));
    });
    process.stdout.write(`\ndemo: ${reason}, stopping...\n`);
    if (reason.startsWith('code-server')) {
      process.stderr.write(`${tail(server.logFile)}\n`);
      return 1;
    }
    return 0;
  } finally {
    await cleanup();
  }
}

/** Opens an example like a user would and keeps a screenshot of it. */
async function check(server: CodeServer): Promise<number> {
  const artifacts = new Artifacts('demo');
  // Imported here, after setup.sh has installed playwright-core into test/e2e/node_modules.
  const { Workbench } = require('./lib/workbench') as typeof import('./lib/workbench');
  const { keepEditorLogs } = require('./lib/session') as typeof import('./lib/session');
  const workbench = await Workbench.launch(artifacts);
  try {
    await workbench.step('workbench-opened', () => workbench.open(server.url));
    await workbench.step('example-open', async () => {
      await workbench.openFile(EXAMPLE_FILE);
      await workbench.waitForLanguageMode(LANGUAGE_NAME);
      const text = await workbench.visibleEditorText();
      if (!text.includes('"source_connection_id"')) throw new Error(`the editor does not show ${EXAMPLE_FILE}:\n${text}`);
    });
    // A hover only appears once the extension has started its language server.
    await workbench.step('hover-from-language-server', async () => {
      const lines = readFileSync(path.join(REPO_ROOT, 'examples', EXAMPLE_FILE), 'utf8').split('\n');
      const line = lines.findIndex((l) => l.includes('"mode"'));
      const hover = await workbench.hoverAt(line + 1, lines[line].indexOf('"mode"') + 3);
      if (!/snapshot/.test(hover)) throw new Error(`the hover on "mode" does not explain it: ${hover}`);
    });
    process.stdout.write(
      `demo: check passed: ${EXAMPLE_FILE} opens as "${LANGUAGE_NAME}" with hovers from the language server at ${server.url}; screenshots in ${artifacts.dir}\n`,
    );
    return 0;
  } catch (error) {
    artifacts.writeText('browser-console.log', `${workbench.consoleLines.join('\n')}\n`);
    await server.stop({ keepRoot: true });
    keepEditorLogs(artifacts, server);
    throw error;
  } finally {
    await workbench.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`demo: ${error.message}\n\n${USAGE}`);
    else process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
