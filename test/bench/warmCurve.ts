// How a fresh process's round trips settle as it answers edits: both servers and the engine alone, on
// one of the benchmark's documents, the medians of consecutive blocks of rounds. It shows how many
// warm-up rounds `npm run bench` needs before its timed rounds measure a server the way a person typing
// meets it (after V8 has optimised the code the rounds run). Not part of `npm run bench`.
//
//   node --import tsx test/bench/warmCurve.ts [size in bytes, default 70000] [rounds, default 400] [block, default 20] [reference rounds, default rounds]
import { makeDocument } from './documents';
import { startEngineFloor } from './floors';
import { PullSession } from './pull';
import { OURS, THEIRS } from './servers';
import { median, ms, table } from './stats';

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 70_000);
  const rounds = Number(process.argv[3] ?? 400);
  const block = Number(process.argv[4] ?? 20);
  const theirsRounds = Number(process.argv[5] ?? rounds);
  const doc = makeDocument(`${size} bytes`, size);
  const ours = await PullSession.open(OURS, doc);
  const theirs = await PullSession.open(THEIRS, doc);
  const engine = await startEngineFloor(doc.text, doc.editAt, 0);
  const engineSamples: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      await ours.round(true);
      engineSamples.push((await engine.sample()).ms);
      if (i < theirsRounds) await theirs.round(true);
    }
  } finally {
    engine.close();
    await ours.close();
    await theirs.close();
  }
  const blockMedian = (samples: number[], start: number) => {
    const part = samples.slice(start, start + block);
    return part.length ? ms(median(part)) : '-';
  };
  const rows: string[][] = [];
  for (let start = 0; start < rounds; start += block) {
    rows.push([`${start + 1}-${Math.min(rounds, start + block)}`, blockMedian(ours.samples, start), blockMedian(engineSamples, start), blockMedian(theirs.samples, start)]);
  }
  console.log(`${doc.text.length.toLocaleString('en')} characters, medians of each block of ${block} rounds from a fresh process:`);
  console.log(table(['rounds', 'polysync round trip', 'engine alone', 'vscode-json round trip'], rows));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
