// In-process timings of each stage of a full validation, next to independent references on the same
// documents: jsonc-parser for the parse, and Ajv (given the same schema, all errors) for the schema walk.
// It explains where the LSP round-trip figures come from.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parseTree } from 'jsonc-parser';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { runRules } from '../../server/src/service/diagnostics/rules';
import { createReporter } from '../../server/src/service/diagnostics/reporter';
import { DocumentCache, parseDocument } from '../../server/src/service/document/document';
import { parseTreeFast } from '../../server/src/service/document/fastParse';
import { validateAgainstSchema } from '../../server/src/service/diagnostics/schemaValidation';
import { validateDocument } from '../../server/src/service/diagnostics/validate';
import { bulkSyncSchema } from '../../server/src/service/schema/schema';
import { median } from './stats';

export interface StageTimes {
  label: string;
  jsonParse: number;
  jsoncParseTree: number;
  fastParse: number;
  editReuse: number;
  /** Ajv validating the parsed value against the same schema. */
  schemaAjv: number;
  schemaWalk: number;
  rules: number;
  lineIndex: number;
  /** jsonc-parser parseTree, then Ajv on the value: a reference for a whole check. */
  referenceCheck: number;
  validateAfter: number;
}

function time(runs: number, body: (i: number) => void): number {
  return timeWithSetup(runs, () => undefined, (_, i) => body(i));
}

/** Like time(), with a setup step per run that is not timed. */
function timeWithSetup<T>(runs: number, setup: () => T, body: (value: T, i: number) => void): number {
  // Warm-up runs let the engine optimise the code first, as it has in a server that has been running.
  const warmup = Math.max(2, runs >> 1);
  const samples: number[] = [];
  for (let i = 0; i < runs + warmup; i++) {
    const value = setup();
    const t0 = performance.now();
    body(value, i);
    if (i >= warmup) samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** Inserts or deletes one character inside the `name` value, alternately. */
function editedVersion(document: TextDocument, at: number, n: number): TextDocument {
  const position = document.positionAt(at);
  const change =
    n % 2 === 0
      ? { range: { start: position, end: position }, text: 'x' }
      : { range: { start: position, end: document.positionAt(at + 1) }, text: '' };
  return TextDocument.update(document, [change], document.version + 1);
}

let ajvValidate: ((value: unknown) => boolean) | undefined;
function ajv(): (value: unknown) => boolean {
  if (!ajvValidate) {
    const instance = new Ajv({ strict: false, allowUnionTypes: true, allErrors: true });
    addFormats(instance);
    ajvValidate = instance.compile(bulkSyncSchema as object);
  }
  return ajvValidate;
}

export function measureStages(label: string, text: string, runs: number): StageTimes {
  const options = { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true };
  const editAt = text.indexOf('"name": "') + 19;
  const doc = parseDocument('file:///stage.polysync.json', 1, text);
  const root = doc.root!;
  const validate = ajv();
  const value = JSON.parse(text);

  const cache = new DocumentCache();
  let document = TextDocument.create('file:///stage.polysync.json', 'polysync', 1, text);
  cache.get(document);
  const editReuse = time(runs, (i) => {
    document = editedVersion(document, editAt, i);
    cache.get(document);
  });
  let validating = TextDocument.create('file:///validate.polysync.json', 'polysync', 1, text);
  const validatingCache = new DocumentCache();
  validateDocument(validatingCache.get(validating));
  const validateAfter = time(runs, (i) => {
    validating = editedVersion(validating, editAt, i);
    validateDocument(validatingCache.get(validating));
  });

  return {
    label,
    jsonParse: time(runs, () => JSON.parse(text)),
    jsoncParseTree: time(runs, () => parseTree(text, [], options)),
    fastParse: time(runs, () => parseTreeFast(text)),
    editReuse,
    schemaAjv: time(runs, () => validate(value)),
    schemaWalk: time(runs, () => validateAgainstSchema(root, createReporter(doc, []))),
    rules: time(runs, () => runRules({ doc, root, reporter: createReporter(doc, []) })),
    lineIndex: timeWithSetup(runs, () => parseDocument('file:///lines.polysync.json', 1, text), (fresh) => fresh.positionAt(text.length)),
    referenceCheck: time(Math.max(3, runs >> 1), () => {
      const errors: never[] = [];
      parseTree(text, errors, options);
      validate(JSON.parse(text));
    }),
    validateAfter,
  };
}
