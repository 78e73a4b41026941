// polysync.config.json: rule severities, ignore patterns and shared CLI options, read from the checked
// file's folder upwards. Pure: the files are read through a ConfigReader the CLI or the language
// server hands in (the server gets text from the editor and may run where there is no file system).
import { type Node, type ParseError, parseTree } from 'jsonc-parser';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { syntaxErrorMessage } from '../document/syntaxMessages';
import { nearest } from '../schema/nearest';
import { Codes } from './codes';

export const CONFIG_FILE_NAME = 'polysync.config.json';
export const RULE_SETTINGS = ['off', 'info', 'warning', 'error'] as const;
export type RuleSetting = (typeof RULE_SETTINGS)[number];
export type RuleSettings = ReadonlyMap<string, RuleSetting>;
/** The CLI's limit for requests in flight (cli/sync/common.ts MAX_CONCURRENCY). */
export const MAX_CONFIG_CONCURRENCY = 8;

const KEYS = ['$schema', 'root', 'rules', 'ignorePatterns', 'maxWarnings', 'concurrency'] as const;

/** A problem in a configuration file, located (0-based line and character, as LSP positions). */
export interface ConfigProblem {
  file: string;
  line: number;
  character: number;
  length: number;
  message: string;
}

/** One file's settings; what was wrong in it is left out and listed in `problems`. */
export interface ConfigFile {
  file: string;
  /** The folder the file is in: ignore patterns are relative to it. */
  dir: string;
  root: boolean;
  rules: Map<string, RuleSetting>;
  ignorePatterns: string[];
  maxWarnings?: number;
  concurrency?: number;
  problems: ConfigProblem[];
}

export function parseConfigFile(file: string, dir: string, text: string): ConfigFile {
  const config: ConfigFile = { file, dir, root: false, rules: new Map(), ignorePatterns: [], problems: [] };
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const problem = (offset: number, length: number, message: string) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
    config.problems.push({ file, line, character: offset - lineStarts[line], length, message });
  };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  for (const error of errors) problem(error.offset, error.length, syntaxErrorMessage(error));
  if (errors.length > 0) return config;
  if (!root || root.type !== 'object') {
    problem(root?.offset ?? 0, root?.length ?? 0, `${CONFIG_FILE_NAME} must hold a JSON object, such as { "rules": { "PS214": "off" } }.`);
    return config;
  }
  for (const property of root.children ?? []) {
    const [keyNode, value] = property.children ?? [];
    if (!keyNode || !value) continue;
    const key = String(keyNode.value);
    const at = (node: Node, message: string) => problem(node.offset, node.length, message);
    switch (key) {
      case '$schema':
        break;
      case 'root':
        if (value.type === 'boolean') config.root = value.value === true;
        else at(value, '`root` takes true (stop looking for configuration files in the folders above) or false.');
        break;
      case 'rules':
        readRules(value, config, at);
        break;
      case 'ignorePatterns':
        if (value.type !== 'array') at(value, '`ignorePatterns` takes a list of globs, such as ["drafts/**", "*.old.polysync.json"].');
        else for (const item of value.children ?? []) {
          if (item.type === 'string' && String(item.value).trim()) config.ignorePatterns.push(String(item.value));
          else at(item, 'Each of `ignorePatterns` is a glob string, relative to this file\'s folder.');
        }
        break;
      case 'maxWarnings':
        if (value.type === 'number' && Number.isInteger(value.value) && value.value >= 0) config.maxWarnings = value.value;
        else at(value, '`maxWarnings` takes a whole number of 0 or more (as --max-warnings).');
        break;
      case 'concurrency':
        if (value.type === 'number' && Number.isInteger(value.value) && value.value >= 1 && value.value <= MAX_CONFIG_CONCURRENCY) config.concurrency = value.value;
        else at(value, `\`concurrency\` takes a whole number from 1 to ${MAX_CONFIG_CONCURRENCY} (as --concurrency).`);
        break;
      default: {
        const guess = nearest(key, KEYS);
        at(keyNode, `Unknown key \`${key}\`${guess ? `; did you mean \`${guess}\`?` : ''} The keys are ${KEYS.filter((k) => k !== '$schema').map((k) => `\`${k}\``).join(', ')}.`);
      }
    }
  }
  return config;
}

const CODE_LIST = Object.values(Codes).map((c) => c.code);

function readRules(value: Node, config: ConfigFile, at: (node: Node, message: string) => void): void {
  if (value.type !== 'object') {
    at(value, '`rules` takes an object of codes and severities, such as { "PS214": "off" }.');
    return;
  }
  for (const rule of value.children ?? []) {
    const [codeNode, settingNode] = rule.children ?? [];
    if (!codeNode || !settingNode) continue;
    const code = String(codeNode.value).toUpperCase();
    if (!CODE_LIST.includes(code)) {
      const guess = nearest(String(codeNode.value), CODE_LIST);
      at(codeNode, `\`${String(codeNode.value)}\` is not a Polysync code${guess ? ` (did you mean ${guess}?)` : ''}; the codes are listed in docs/diagnostics.md.`);
      continue;
    }
    const setting = settingNode.value;
    if (settingNode.type !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(String(setting))) {
      at(settingNode, `The severity of ${code} is one of ${RULE_SETTINGS.map((s) => `"${s}"`).join(', ')} (got ${JSON.stringify(setting ?? null)}).`);
      continue;
    }
    config.rules.set(code, setting as RuleSetting);
  }
}

/** How configuration files are found: the file system of the CLI, or whatever a language server can read. */
export interface ConfigReader {
  /** The text of polysync.config.json in `dir`; undefined when there is none; `{ error }` when it cannot be read. */
  read(dir: string): string | { error: string } | undefined;
  /** A repository root (a folder holding `.git`): the search stops there, as .editorconfig's does. */
  isRepositoryRoot(dir: string): boolean;
  /** The folder above `dir`; undefined at the top. */
  parent(dir: string): string | undefined;
  /** How the configuration file in `dir` is named in messages. */
  fileIn(dir: string): string;
}

/** What applies to one file: the files that say it, nearest first, merged (nearest wins). */
export interface EffectiveConfig {
  files: ConfigFile[];
  rules: RuleSettings;
  maxWarnings?: number;
  concurrency?: number;
  problems: ConfigProblem[];
}

export const NO_CONFIG: EffectiveConfig = { files: [], rules: new Map(), problems: [] };

/**
 * The configuration files from `dir` upwards: each folder's polysync.config.json is taken, until a file
 * says `"root": true` or the folder is a repository root (a folder with `.git`).
 */
export function findConfigFiles(dir: string, reader: ConfigReader): ConfigFile[] {
  const files: ConfigFile[] = [];
  const seen = new Set<string>();
  for (let current: string | undefined = dir; current !== undefined && !seen.has(current); current = reader.parent(current)) {
    seen.add(current);
    const found = reader.read(current);
    if (found !== undefined) {
      const file = reader.fileIn(current);
      const config = typeof found === 'string' ? parseConfigFile(file, current, found) : unreadable(file, current, found.error);
      files.push(config);
      if (config.root) break;
    }
    if (reader.isRepositoryRoot(current)) break;
  }
  return files;
}

function unreadable(file: string, dir: string, error: string): ConfigFile {
  return { file, dir, root: false, rules: new Map(), ignorePatterns: [], problems: [{ file, line: 0, character: 0, length: 0, message: `cannot read ${CONFIG_FILE_NAME} (${error})` }] };
}

/** Merges files found nearest first: a nearer file's rule or option replaces a farther one's. */
export function mergeConfigFiles(files: ConfigFile[]): EffectiveConfig {
  if (files.length === 0) return NO_CONFIG;
  const rules = new Map<string, RuleSetting>();
  let maxWarnings: number | undefined;
  let concurrency: number | undefined;
  for (const file of [...files].reverse()) {
    for (const [code, setting] of file.rules) rules.set(code, setting);
    maxWarnings = file.maxWarnings ?? maxWarnings;
    concurrency = file.concurrency ?? concurrency;
  }
  return { files, rules, maxWarnings, concurrency, problems: files.flatMap((f) => f.problems) };
}

/** An error the API itself would reject (every error Polysync reports by default is one; warnings are doubts). */
export function isApiRule(code: unknown): boolean {
  return Object.values(Codes).some((c) => c.code === code && c.severity === DiagnosticSeverity.Error);
}

const SEVERITY: Record<Exclude<RuleSetting, 'off'>, DiagnosticSeverity> = {
  info: DiagnosticSeverity.Information,
  warning: DiagnosticSeverity.Warning,
  error: DiagnosticSeverity.Error,
};

/** An error the API rejects that the configuration turned off or lowered: Create and apply still refuse it. */
export interface Relaxed {
  /** The diagnostic as the checks reported it (its own severity and message). */
  diagnostic: Diagnostic;
  setting: Exclude<RuleSetting, 'error'>;
}

/** Whether `setting` turns off or lowers an error the API rejects, for `code`. */
export function relaxesApiRule(code: unknown, setting: RuleSetting | undefined): setting is Exclude<RuleSetting, 'error'> {
  return setting !== undefined && setting !== 'error' && isApiRule(code);
}

/**
 * The diagnostics with the configured severities: "off" drops a code, the others set its severity.
 * An error the API rejects that is lowered says in its message that Create and apply still refuse it;
 * each one turned off or lowered is also handed to `relaxed`, as it was before.
 */
export function applyRuleSettings(diagnostics: Diagnostic[], rules: RuleSettings | undefined, relaxed?: Relaxed[]): Diagnostic[] {
  if (!rules || rules.size === 0) return diagnostics;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const setting = typeof d.code === 'string' ? rules.get(d.code) : undefined;
    if (setting === undefined) {
      out.push(d);
      continue;
    }
    if (relaxed && relaxesApiRule(d.code, setting)) relaxed.push({ diagnostic: d, setting });
    if (setting === 'off') continue;
    const severity = SEVERITY[setting];
    if (severity === d.severity) {
      out.push(d);
      continue;
    }
    const lowered = isApiRule(d.code) && severity !== DiagnosticSeverity.Error;
    const message = typeof d.message === 'string' ? d.message : d.message.value;
    out.push({ ...d, severity, message: lowered ? `${message} (set to "${setting}" in ${CONFIG_FILE_NAME}; the API still rejects this, so create and apply refuse the file)` : message });
  }
  return out;
}

/** A configuration problem as a diagnostic on a document it applies to (at its start; the place in the file is related). */
export function configProblemDiagnostic(problem: ConfigProblem, relatedUri?: string): Diagnostic {
  const where = `${problem.file}:${problem.line + 1}:${problem.character + 1}`;
  const range = { start: { line: problem.line, character: problem.character }, end: { line: problem.line, character: problem.character + problem.length } };
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: Codes.configProblem.severity,
    code: Codes.configProblem.code,
    source: 'polysync',
    message: `${where}: ${problem.message} (the rest of the configuration applies)`,
    ...(relatedUri ? { relatedInformation: [{ location: { uri: relatedUri, range }, message: problem.message }] } : {}),
  };
}

/** The configuration file that sets `code`'s rule for a document: the nearest one naming it. */
export function ruleOrigin(config: Pick<EffectiveConfig, 'files'>, code: string): string | undefined {
  return config.files.find((f) => f.rules.has(code))?.file;
}

/**
 * An error the configuration turned off or lowered, as Create and apply report it: it still blocks,
 * and the message names the rule, the file that sets it, and the API's reason.
 */
export function configStillBlocking(relaxed: Relaxed, origin: string | undefined): Diagnostic {
  const { diagnostic, setting } = relaxed;
  const code = String(diagnostic.code);
  const how = setting === 'off' ? 'is turned off' : `is set to "${setting}"`;
  const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
  return { ...diagnostic, severity: DiagnosticSeverity.Error, message: `${code} ${how} in ${CONFIG_FILE_NAME}${origin ? ` (${origin})` : ''}, but the API refuses it: ${message}` };
}
