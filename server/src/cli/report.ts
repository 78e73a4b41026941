// Prints diagnostics as text (file:line:col: severity code message), JSON, GitHub annotations or SARIF.
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { Codes } from '../service';
import { REPOSITORY_URL, VERSION } from '../version';
import type { Palette } from './colors';

export type OutputFormat = 'text' | 'json' | 'github' | 'sarif';
export const FORMATS: readonly OutputFormat[] = ['text', 'json', 'github', 'sarif'];

/** The version of the `--format json` layout; it changes only when a field changes meaning or goes. */
export const JSON_FORMAT_VERSION = 1;
/** Where each diagnostic code is explained (SARIF rules link here), when the package names a public home. */
export const DIAGNOSTICS_HELP_URL: string | undefined = REPOSITORY_URL && `${REPOSITORY_URL}/blob/main/docs/diagnostics.md`;

export interface FileResult {
  file: string;
  diagnostics: Diagnostic[];
  /** Set when the file could not be read. */
  error?: string;
  /** How many of the problems `--fix` would fix (counted for the JSON totals). */
  fixable?: number;
}

export interface ReportOptions {
  /** The path to print for a file in GitHub annotations and SARIF (relative to the repository root). */
  repositoryPath?: (file: string) => string;
  /** Colours for the text format (on a terminal); the other formats are for machines and stay plain. */
  palette?: Palette;
}

export function severityName(severity: DiagnosticSeverity | undefined): 'error' | 'warning' | 'info' | 'hint' {
  switch (severity) {
    case DiagnosticSeverity.Warning:
      return 'warning';
    case DiagnosticSeverity.Information:
      return 'info';
    case DiagnosticSeverity.Hint:
      return 'hint';
    default:
      return 'error';
  }
}

export function messageText(message: Diagnostic['message']): string {
  return typeof message === 'string' ? message : message.value;
}

// Backticks make messages readable in editors; plain output keeps them too (they quote values).
function oneLine(message: Diagnostic['message']): string {
  return messageText(message).replace(/\s*\n\s*/g, ' ');
}

export function formatText(results: FileResult[], palette?: Palette): string {
  const paint = (name: 'error' | 'warning' | 'info' | 'hint', text: string) =>
    !palette ? text : name === 'error' ? palette.error(text) : name === 'warning' ? palette.warning(text) : palette.info(text);
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    // A file that could not be read is reported on standard error, not here.
    if (result.error) continue;
    for (const d of result.diagnostics) {
      const severity = severityName(d.severity);
      if (severity === 'error') errors++;
      if (severity === 'warning') warnings++;
      const code = palette && d.code !== undefined ? palette.dim(String(d.code)) : (d.code ?? '');
      lines.push(`${result.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${paint(severity, severity)} ${code} ${oneLine(d.message)}`);
    }
  }
  const checked = results.filter((r) => !r.error).length;
  lines.push(`${checked} file${checked === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`);
  return lines.join('\n') + '\n';
}

export function formatJson(results: FileResult[]): string {
  const files = results.map((r) => ({
    file: r.file,
    ...(r.error ? { error: r.error } : {}),
    diagnostics: r.diagnostics.map((d) => ({
      severity: severityName(d.severity),
      code: d.code,
      message: messageText(d.message),
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      range: d.range,
    })),
  }));
  const all = results.flatMap((r) => r.diagnostics.map((d) => severityName(d.severity)));
  const totals = {
    files: results.filter((r) => !r.error).length,
    unreadable: results.filter((r) => r.error).length,
    errors: all.filter((s) => s === 'error').length,
    warnings: all.filter((s) => s === 'warning').length,
    fixable: results.reduce((n, r) => n + (r.fixable ?? 0), 0),
  };
  return JSON.stringify({ formatVersion: JSON_FORMAT_VERSION, totals, files }, null, 2) + '\n';
}

// GitHub workflow commands need %, CR and LF escaped in data, and also : and , in properties.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(results: FileResult[], options: ReportOptions = {}): string {
  const lines: string[] = [];
  for (const result of results) {
    const file = options.repositoryPath?.(result.file) ?? result.file;
    if (result.error) {
      lines.push(`::error file=${escapeProperty(file)},title=${escapeProperty('polysync')}::${escapeData(result.error)}`);
      continue;
    }
    for (const d of result.diagnostics) {
      const severity = severityName(d.severity);
      const command = severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
      const props = [
        `file=${escapeProperty(file)}`,
        `line=${d.range.start.line + 1}`,
        `col=${d.range.start.character + 1}`,
        `endLine=${d.range.end.line + 1}`,
        `endColumn=${d.range.end.character + 1}`,
        `title=${escapeProperty(`polysync ${d.code ?? ''}`.trim())}`,
      ];
      lines.push(`::${command} ${props.join(',')}::${escapeData(messageText(d.message))}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

const sarifLevel = (severity: DiagnosticSeverity | undefined) => {
  const name = severityName(severity);
  return name === 'error' || name === 'warning' ? name : 'note';
};

/** SARIF 2.1.0: one run, every diagnostic code as a rule, file paths relative to the repository root. */
export function formatSarif(results: FileResult[], options: ReportOptions = {}): string {
  const codes = Object.values(Codes);
  const ruleIndex = new Map(codes.map((c, i) => [c.code, i]));
  const rules = codes.map((c) => ({
    id: c.code,
    shortDescription: { text: c.title.replace(/`/g, '') },
    fullDescription: { text: `${c.title.replace(/`/g, '')} (Polysync ${c.code}).` },
    ...(DIAGNOSTICS_HELP_URL ? { helpUri: DIAGNOSTICS_HELP_URL } : {}),
    help: { text: `See ${DIAGNOSTICS_HELP_URL ?? 'docs/diagnostics.md in the Polysync package'} for what ${c.code} means and how to fix it.` },
    defaultConfiguration: { level: sarifLevel(c.severity) },
  }));
  const uri = (file: string) => encodeURI((options.repositoryPath?.(file) ?? file).split('\\').join('/'));
  const sarifResults = results.flatMap((r) =>
    r.diagnostics.map((d) => {
      const code = typeof d.code === 'string' ? d.code : undefined;
      const index = code === undefined ? undefined : ruleIndex.get(code);
      return {
        ruleId: code ?? 'polysync',
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: sarifLevel(d.severity),
        message: { text: oneLine(d.message) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: uri(r.file), uriBaseId: 'SRCROOT' },
              region: {
                startLine: d.range.start.line + 1,
                startColumn: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1,
              },
            },
          },
        ],
      };
    }),
  );
  const notifications = results
    .filter((r) => r.error)
    .map((r) => ({
      level: 'error',
      message: { text: `${r.file}: ${r.error}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: uri(r.file), uriBaseId: 'SRCROOT' } } }],
    }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'polysync', version: VERSION, semanticVersion: VERSION, ...(REPOSITORY_URL ? { informationUri: REPOSITORY_URL } : {}), rules } },
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        results: sarifResults,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

export function format(results: FileResult[], kind: OutputFormat, options: ReportOptions = {}): string {
  switch (kind) {
    case 'json':
      return formatJson(results);
    case 'github':
      return formatGithub(results, options);
    case 'sarif':
      return formatSarif(results, options);
    default:
      return formatText(results, options.palette);
  }
}
