// Suppression comments: `// polysync-disable-next-line PS214, PS215` silences those codes on the next
// line, `// polysync-disable-line PS214` on its own line; no code silences every code there. Block
// comments work too. A directive (or one of its codes) that silences nothing is reported (PS007), as
// eslint's --report-unused-disable-directives does. Pure: text in, diagnostics out.
import { createScanner } from 'jsonc-parser';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { type ParsedDocument, textIncludes } from '../document/document';
import { Kind } from '../document/tokens';
import { Codes, SOURCE } from './codes';

export const DIRECTIVE_PREFIX = 'polysync-disable';
export type DirectiveKind = 'next-line' | 'line';

export interface DirectiveCode {
  code: string;
  /** Where the code is written, in the document. */
  offset: number;
  length: number;
}

export interface Directive {
  kind: DirectiveKind;
  /** The whole comment, `//` or `/* *\/` included. */
  offset: number;
  length: number;
  /** The line (0-based) whose diagnostics it silences. */
  targetLine: number;
  /** Empty: every code. */
  codes: DirectiveCode[];
}

/** A comment that starts like a directive but is not one (`polysync-disable-nextline`). */
export interface MisspeltDirective {
  offset: number;
  length: number;
  written: string;
}

const KNOWN_CODES = new Set<string>(Object.values(Codes).map((c) => c.code));
/** Codes a directive can never silence: its own report, or it could hide that it is unused. */
const NOT_SUPPRESSIBLE = new Set<string>([Codes.unusedSuppression.code]);

/** The directives in the document's comments (none is scanned for unless the text names the prefix). */
export function findDirectives(doc: ParsedDocument): { directives: Directive[]; misspelt: MisspeltDirective[] } {
  const directives: Directive[] = [];
  const misspelt: MisspeltDirective[] = [];
  if (!textIncludes(doc, DIRECTIVE_PREFIX)) return { directives, misspelt };
  const scanner = createScanner(doc.text, false);
  for (let kind = scanner.scan(); kind !== Kind.EOF; kind = scanner.scan()) {
    if (kind !== Kind.LineComment && kind !== Kind.BlockComment) continue;
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    const block = kind === Kind.BlockComment;
    const bodyStart = offset + 2;
    const bodyEnd = block && doc.text.endsWith('*/', offset + length) && length >= 4 ? offset + length - 2 : offset + length;
    const parsed = parseDirective(doc.text.slice(bodyStart, bodyEnd), bodyStart);
    if (!parsed) continue;
    if ('written' in parsed) {
      misspelt.push({ offset, length, written: parsed.written });
      continue;
    }
    const startLine = doc.positionAt(offset).line;
    const endLine = doc.positionAt(offset + length).line;
    directives.push({ kind: parsed.kind, offset, length, targetLine: parsed.kind === 'line' ? startLine : endLine + 1, codes: parsed.codes });
  }
  return { directives, misspelt };
}

/** A comment's text as a directive; `written` when it starts with the prefix but names no directive. */
function parseDirective(body: string, bodyOffset: number): { kind: DirectiveKind; codes: DirectiveCode[] } | { written: string } | undefined {
  const lead = /^\s*/.exec(body)![0].length;
  if (!body.startsWith(DIRECTIVE_PREFIX, lead)) return undefined;
  const word = /^\S+/.exec(body.slice(lead))![0];
  const kind = word === `${DIRECTIVE_PREFIX}-next-line` ? 'next-line' : word === `${DIRECTIVE_PREFIX}-line` ? 'line' : undefined;
  if (!kind) return { written: word };
  // Codes follow, separated by commas or spaces; ` -- ` starts a free-text reason.
  let rest = body.slice(lead + word.length);
  const reason = /(^|\s)--(\s|$)/.exec(rest);
  if (reason) rest = rest.slice(0, reason.index);
  const codes: DirectiveCode[] = [];
  const restOffset = bodyOffset + lead + word.length;
  for (const match of rest.matchAll(/[^\s,]+/g)) codes.push({ code: match[0], offset: restOffset + match.index!, length: match[0].length });
  return { kind, codes };
}

/** Why a diagnostic is not shown: the directive that silenced it. */
export interface Silenced {
  diagnostic: Diagnostic;
  directive: Directive;
}

/**
 * Removes the diagnostics the document's directives silence and adds a PS007 warning for each
 * directive, or code of one, that silenced nothing. Returns what was silenced too (Create still
 * refuses a silenced error the API would reject).
 */
export function applySuppressions(doc: ParsedDocument, diagnostics: Diagnostic[]): { diagnostics: Diagnostic[]; silenced: Silenced[] } {
  const { directives, misspelt } = findDirectives(doc);
  if (directives.length === 0 && misspelt.length === 0) return { diagnostics, silenced: [] };
  const byLine = new Map<number, Directive[]>();
  for (const d of directives) byLine.set(d.targetLine, [...(byLine.get(d.targetLine) ?? []), d]);
  const used = new Set<Directive>();
  const usedCodes = new Set<DirectiveCode>();
  const kept: Diagnostic[] = [];
  const silenced: Silenced[] = [];
  for (const diagnostic of diagnostics) {
    const code = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
    const candidates = code !== undefined && !NOT_SUPPRESSIBLE.has(code) ? byLine.get(diagnostic.range.start.line) : undefined;
    let by: Directive | undefined;
    for (const directive of candidates ?? []) {
      const named = directive.codes.find((c) => c.code.toUpperCase() === code);
      if (directive.codes.length > 0 && !named) continue;
      by ??= directive;
      used.add(directive);
      if (named) usedCodes.add(named);
    }
    if (by) silenced.push({ diagnostic, directive: by });
    else kept.push(diagnostic);
  }
  const unused: Diagnostic[] = [];
  const report = (offset: number, length: number, message: string, removeCode?: string) =>
    unused.push({
      range: doc.rangeOf(offset, length),
      severity: Codes.unusedSuppression.severity,
      code: Codes.unusedSuppression.code,
      source: SOURCE,
      message,
      data: { fix: 'removeSuppression', ...(removeCode !== undefined ? { code: removeCode } : {}) },
    });
  const where = (d: Directive) => (d.kind === 'line' ? 'on this line' : 'on the next line');
  for (const directive of directives) {
    const name = `${DIRECTIVE_PREFIX}-${directive.kind}`;
    if (directive.codes.length === 0) {
      if (!used.has(directive)) report(directive.offset, directive.length, `Unused \`${name}\`: there is no problem to silence ${where(directive)}.`);
      continue;
    }
    const idle = directive.codes.filter((c) => !usedCodes.has(c));
    if (idle.length === directive.codes.length && directive.codes.every((c) => KNOWN_CODES.has(c.code.toUpperCase()))) {
      const list = directive.codes.map((c) => c.code).join(', ');
      report(directive.offset, directive.length, `Unused \`${name}\`: no ${list} ${where(directive)} to silence.`);
      continue;
    }
    for (const c of idle) {
      const upper = c.code.toUpperCase();
      const message = !KNOWN_CODES.has(upper)
        ? `\`${c.code}\` is not a Polysync code (codes look like PS214; see docs/diagnostics.md), so \`${name}\` silences nothing with it.`
        : NOT_SUPPRESSIBLE.has(upper)
          ? `${upper} cannot be silenced by a comment (set it in polysync.config.json "rules" instead).`
          : `Unused code in \`${name}\`: no ${upper} ${where(directive)} to silence.`;
      report(c.offset, c.length, message, c.code);
    }
  }
  for (const m of misspelt) {
    unused.push({
      range: doc.rangeOf(m.offset, m.length),
      severity: Codes.unusedSuppression.severity,
      code: Codes.unusedSuppression.code,
      source: SOURCE,
      message: `\`${m.written}\` is not a Polysync directive: use \`${DIRECTIVE_PREFIX}-next-line\` or \`${DIRECTIVE_PREFIX}-line\`, followed by codes (none: every code).`,
    });
  }
  return { diagnostics: [...kept, ...unused], silenced };
}

/** The error as Create reports it when a directive hid it: it still blocks, and says why. */
export function stillBlocking(doc: ParsedDocument, silenced: Silenced): Diagnostic {
  const line = doc.positionAt(silenced.directive.offset).line + 1;
  const how = `\`${DIRECTIVE_PREFIX}-${silenced.directive.kind}\` on line ${line}`;
  const message = `${typeof silenced.diagnostic.message === 'string' ? silenced.diagnostic.message : silenced.diagnostic.message.value} (silenced in the editor by ${how}, but the API rejects this, so it still blocks create and apply)`;
  return { ...silenced.diagnostic, severity: DiagnosticSeverity.Error, message };
}
