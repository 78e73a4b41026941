// The stages of pipeline.ts on one document, in a Node process of its own and bundled as the server is
// (bundle.ts): run.ts starts it once per document. It prints the StageTimes as one line of JSON.
//
//   node <stagesMain.ts bundled by bundle.ts> <label> <document file> <runs>
import { readFileSync } from 'node:fs';
import { measureStages } from './pipeline';

const [label, file, runs] = process.argv.slice(2);
process.stdout.write(`${JSON.stringify(measureStages(label, readFileSync(file, 'utf8'), Number(runs)))}\n`);
