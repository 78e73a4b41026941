// Prints diagnostics as text (file:line:col: severity code message), JSON, or GitHub annotations.
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';

export type OutputFormat = 'text' | 'json' | 'github';
export const FORMATS: readonly OutputFormat[] = ['text', 'json', 'github'];

export interface FileResult {
  file: string;
  diagnostics: Diagnostic[];
  /** Set when the file could not be read. */
  error?: string;
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

export function formatText(results: FileResult[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    if (result.error) {
      lines.push(`${result.file}: error: ${result.error}`);
      continue;
    }
    for (const d of result.diagnostics) {
      const severity = severityName(d.severity);
      if (severity === 'error') errors++;
      if (severity === 'warning') warnings++;
      lines.push(`${result.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severity} ${d.code ?? ''} ${oneLine(d.message)}`);
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
  return JSON.stringify({ files }, null, 2) + '\n';
}

// GitHub workflow commands need %, CR and LF escaped in data, and also : and , in properties.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(results: FileResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    if (result.error) {
      lines.push(`::error file=${escapeProperty(result.file)},title=${escapeProperty('polysync')}::${escapeData(result.error)}`);
      continue;
    }
    for (const d of result.diagnostics) {
      const severity = severityName(d.severity);
      const command = severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
      const props = [
        `file=${escapeProperty(result.file)}`,
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

export function format(results: FileResult[], kind: OutputFormat): string {
  return kind === 'json' ? formatJson(results) : kind === 'github' ? formatGithub(results) : formatText(results);
}
