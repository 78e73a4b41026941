// Runs the sandbox API until interrupted: `node dist/sandbox.js [--port 8787]`.
// The keys it prints are the sandbox's fixed test keys, not real credentials.

import { IDS, SANDBOX_KEYS } from './fixtures';
import { describeReadBack, READ_BACK_HELP, readBackOptions } from './readBack';
import { DEMO_SYNC_ID, startSandbox } from './server';

function parsePort(argv: string[]): number {
  const i = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (i === -1) return 8787;
  const raw = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`sandbox: --port needs a number from 0 to 65535 (got ${raw ?? 'nothing'})\n`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`Usage: sandbox [--port 8787] [--seed] [--realistic | --read-back LIST] [--put-keeps FIELDS] [--rate-limit SPEC]\nA local Polytomic-compatible API on 127.0.0.1 for trying Polysync without an account.\n--seed starts it with the demo bulk sync (linked from examples/) and a short run history.\n${READ_BACK_HELP}`);
    return;
  }
  const port = parsePort(argv);
  const readBack = readBackOptions(argv, process.env);
  if ('error' in readBack) {
    process.stderr.write(`sandbox: ${readBack.error}\n`);
    process.exit(2);
  }
  let sandbox;
  try {
    sandbox = await startSandbox({ port, seed: argv.includes('--seed'), readBack });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(code === 'EADDRINUSE' ? `sandbox: port ${port} is already in use; pick another with --port\n` : `sandbox: could not start (${code ?? 'error'})\n`);
    process.exit(1);
  }
  process.stdout.write(
    [
      `Polytomic sandbox API listening on ${sandbox.url}`,
      `  user key (Bearer):                ${SANDBOX_KEYS.user}`,
      `  read-only key (403 on create):    ${SANDBOX_KEYS.readonly}`,
      `  organization key (Basic):         ${SANDBOX_KEYS.organization}  with organization id ${sandbox.organizationId}`,
      `  sources:      Salesforce ${IDS.salesforce}, HubSpot ${IDS.hubspot}, Orders DB ${IDS.ordersDb}`,
      `  destinations: Snowflake ${IDS.snowflake}, Analytics Postgres ${IDS.analyticsPostgres}, S3 ${IDS.s3}`,
      ...(argv.includes('--seed') ? [`  demo sync:    ${DEMO_SYNC_ID} (examples/salesforce-nightly.polysync.json is linked to it)`] : []),
      `  read-back:    ${describeReadBack(readBack)}`,
      `  admin:        GET ${sandbox.url}/__sandbox/state, POST ${sandbox.url}/__sandbox/reset, GET|PUT ${sandbox.url}/__sandbox/read-back`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const stop = (signal: string) => {
    process.stdout.write(`sandbox: ${signal}, stopping\n`);
    sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
