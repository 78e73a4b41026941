// What one edit costs when edits move between far-apart places of a large document (multi-cursor typing,
// jumping between places, a replace-all sending many changes in one didChange), against typing in one
// place. Tree reuse records each edit's shift instead of moving the nodes after it (treeEdit.ts,
// shiftLog.ts); shifts at different places do not merge, so this is where a bound on pending shifts, and
// any walk over the whole tree it triggers, shows up: in the p99 and the maximum, not in the median.
// Not part of `npm run bench`.
//
//   node --import tsx test/bench/farEdits.ts [size in bytes, default 5000000] [edits per run, default 2000] [wire]
//
// In-process: each edit is StoredDocument.update, the parse and the full check, as the server does on
// didChange + textDocument/diagnostic; a macrotask between edits, as between two messages. With `wire`,
// the same runs (a quarter of the edits) go to this checkout's dist/server.js over stdio. Prints, for
// each run, the median, p99 and max per edit of the wall-clock time and (in-process) of the CPU time,
// and how many edits took over 10 ms; the last run is didChange notifications carrying 200 changes
// each (a replace-all). On a shared machine the wall-clock columns include waiting for a core: judge
// by the CPU columns, with the load average.
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LanguageService } from '../../server/src/service/languageService';
import { StoredDocument } from '../../server/src/service/document/storedDocument';
import { generateDocument, random } from './generate';
import { LspClient } from './lspClient';
import { median, ms, percentile, table } from './stats';
import { positionAt, type Position } from './documents';

const size = Number(process.argv[2] ?? 5_000_000);
const edits = Number(process.argv[3] ?? 2000);
const wire = process.argv.includes('wire');
const ROOT = path.resolve(__dirname, '..', '..');

const text = generateDocument(size, { plantError: true });

/** `count` places spread evenly over the document, each inside a field id string (typing keeps it valid). */
function placesAcross(count: number): Position[] {
  const out: Position[] = [];
  for (let i = 0; i < count; i++) {
    const at = text.indexOf('"Field_', Math.floor(((i + 0.5) / count) * text.length));
    out.push(positionAt(text, at + 3));
  }
  return out;
}

interface Run {
  label: string;
  /** The changes of edit number n (one didChange). */
  changes(n: number): object[];
}

/** Typing forward at the places in the order `pick` gives: each place's cursor advances by its own typing. */
function typingAt(label: string, places: Position[], pick: (n: number) => number): Run {
  const typed = places.map(() => 0);
  return {
    label,
    changes(n) {
      const i = pick(n);
      const { line, character } = places[i];
      const at = { line, character: character + typed[i]++ };
      return [{ range: { start: at, end: at }, text: 'x' }];
    },
  };
}

/**
 * A replace-all: `count` changes in one notification, each replacing the `F` of a field id, in
 * descending order (each range is then valid in the text the changes before it left). Alternates F->G
 * and G->F, so the text returns to the original every two notifications.
 */
function replaceAll(count: number): Run {
  const places = placesAcross(count).reverse();
  return {
    label: `replace-all, ${count} changes per didChange`,
    changes(n) {
      return places.map(({ line, character }) => ({
        range: { start: { line, character: character - 2 }, end: { line, character: character - 1 } },
        text: n % 2 === 0 ? 'G' : 'F',
      }));
    },
  };
}

/** The runs, each made afresh for each use (a run's cursors advance as it types). */
function runs(count: number): { label: string; count: number; make: () => Run }[] {
  const jumps = () => {
    const next = random(25);
    const places = placesAcross(64);
    return typingAt('jumping between 64 places', places, () => Math.floor(next() * places.length));
  };
  const makers = [
    () => typingAt('typing in one place', placesAcross(1), () => 0),
    () => typingAt('4 cursors, far apart, in turn', placesAcross(4), (n) => n % 4),
    jumps,
    () => replaceAll(200),
  ];
  return makers.map((make) => {
    const label = make().label;
    return { label, count: label.startsWith('replace-all') ? Math.max(10, Math.floor(count / 50)) : count, make };
  });
}

interface Result {
  label: string;
  /** Wall-clock time of each edit. */
  samples: number[];
  /** CPU time of each edit (in-process only: the machine is shared, and waiting for a core is not ours). */
  cpuSamples?: number[];
  cpuMs: number;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function inProcess(run: Run, count: number): Promise<Result> {
  const service = new LanguageService();
  let document = StoredDocument.create('file:///far/doc.polysync.json', 'polysync', 1, text);
  if ((service.diagnostics(document) ?? []).length === 0) throw new Error('no diagnostics on open');
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  let cpuMs = 0;
  for (let n = 0; n < count; n++) {
    await tick();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    document = StoredDocument.update(document, run.changes(n) as never, document.version + 1);
    const found = service.diagnostics(document) ?? [];
    samples.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    cpuSamples.push((cpu.user + cpu.system) / 1000);
    cpuMs += (cpu.user + cpu.system) / 1000;
    if (found.length === 0) throw new Error(`${run.label}: no diagnostics after edit ${n}`);
  }
  return { label: run.label, samples, cpuSamples, cpuMs };
}

async function overWire(run: Run, count: number): Promise<Result & { rssMiB: number }> {
  const client = await LspClient.start({ label: 'polysync', command: process.execPath, args: [path.join(ROOT, 'dist', 'server.js'), '--stdio'] }, { pullDiagnostics: true });
  const uri = 'file:///far/doc.polysync.json';
  try {
    client.open(uri, 'polysync', 1, text);
    await client.request('textDocument/diagnostic', { textDocument: { uri } });
    const samples: number[] = [];
    const cpu0 = client.cpuMs();
    for (let n = 0; n < count; n++) {
      const t0 = performance.now();
      client.change(uri, n + 2, run.changes(n));
      const report = await client.request('textDocument/diagnostic', { textDocument: { uri } });
      samples.push(performance.now() - t0);
      if (report.kind !== 'full' || report.items.length === 0) throw new Error(`${run.label}: no full report after edit ${n}`);
    }
    return { label: run.label, samples, cpuMs: client.cpuMs() - cpu0, rssMiB: client.memory()?.rssMiB ?? NaN };
  } finally {
    await client.stop();
  }
}

async function main(): Promise<void> {
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');
  console.log(`${text.length.toLocaleString('en')} characters, ${edits} edits per run${wire ? ' (in-process and over stdio)' : ''}; load average at start ${load()}`);
  const rows: string[][] = [];
  const header = ['edits', 'where', 'n', 'median', 'p99', 'max', '> 10 ms', 'CPU median', 'CPU p99', 'CPU max', 'CPU > 10 ms', 'CPU mean', 'RSS after'];
  for (const run of runs(edits)) {
    const result = await inProcess(run.make(), run.count);
    const row = (where: string, r: Result, rss = '') => [
      r.label,
      where,
      String(r.samples.length),
      ms(median(r.samples)),
      ms(percentile(r.samples, 99)),
      ms(Math.max(...r.samples)),
      String(r.samples.filter((s) => s > 10).length),
      r.cpuSamples ? ms(median(r.cpuSamples)) : 'n/a',
      r.cpuSamples ? ms(percentile(r.cpuSamples, 99)) : 'n/a',
      r.cpuSamples ? ms(Math.max(...r.cpuSamples)) : 'n/a',
      r.cpuSamples ? String(r.cpuSamples.filter((s) => s > 10).length) : 'n/a',
      ms(r.cpuMs / r.samples.length),
      rss,
    ];
    rows.push(row('in-process', result));
    console.log(table(header, rows.slice(-1)).split('\n')[2]);
    if (wire) {
      const wired = await overWire(run.make(), Math.max(10, Math.floor(run.count / 4)));
      rows.push(row('stdio', wired, `${wired.rssMiB.toFixed(0)} MiB`));
      console.log(table(header, rows.slice(-1)).split('\n')[2]);
    }
  }
  console.log(table(header, rows));
  console.log(`load average at end ${load()}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
