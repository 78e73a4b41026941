// Quick fixes for suppression comments: add `// polysync-disable-next-line CODE` above a warning
// (or add the code to a comment already there; where the line starts inside a block comment, add
// `/* polysync-disable-line CODE */` after that comment), and remove a comment, or one of its codes,
// that silences nothing (PS007).
import type { Diagnostic } from 'vscode-languageserver-types';
import { isApiRule } from '../diagnostics/config';
import { Codes } from '../diagnostics/codes';
import { DIRECTIVE_PREFIX, type DirectiveKind, findDirectives } from '../diagnostics/suppressions';
import type { ParsedDocument } from '../document/document';
import { type BlockComment, blockComments } from '../document/blockComments';
import type { Fix } from './codeActions';

/** Codes a comment is never offered for: the comments' own report, and configuration problems. */
const NOT_OFFERED = new Set<string>([Codes.unusedSuppression.code, Codes.configProblem.code]);

/**
 * "Silence CODE on this line": for a rule that is Polysync's doubt (a warning by default, whatever
 * severity polysync.config.json gives it), never for an error the API rejects (a comment would hide it
 * without unblocking Create, even where the configuration lowered it). Written in the line's
 * indentation and line end.
 */
export function suppressFixes(doc: ParsedDocument, diagnostic: Diagnostic): Fix[] {
  const code = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
  if (diagnostic.source !== 'polysync' || !code || NOT_OFFERED.has(code)) return [];
  if (diagnostic.severity === undefined || isApiRule(code)) return [];
  const line = diagnostic.range.start.line;
  const title = (kind: DirectiveKind) => `Silence ${code} on this line (${DIRECTIVE_PREFIX}-${kind})`;
  // A comment already names codes for this line (one above first): add this one to it.
  const named = findDirectives(doc).directives.filter((d) => d.targetLine === line && d.codes.length > 0);
  const existing = named.find((d) => d.kind === 'next-line') ?? named[0];
  if (existing) {
    if (existing.codes.some((c) => c.code.toUpperCase() === code)) return [];
    const last = existing.codes[existing.codes.length - 1];
    return [{ title: title(existing.kind), edits: [{ offset: last.offset + last.length, length: 0, content: `, ${code}` }] }];
  }
  const text = doc.text;
  const lineStart = doc.offsetAt({ line, character: 0 });
  const around = blockCommentAround(text, lineStart);
  if (around) {
    // The line starts inside a block comment, so a comment inserted above it would be part of that
    // one: the line gets its own directive right after that comment ends (when it ends on this line).
    if (!around.closed || doc.positionAt(around.end).line !== line) return [];
    const spaceAfter = around.end < text.length && !/[ \t\r\n]/.test(text[around.end]) ? ' ' : '';
    return [{ title: title('line'), edits: [{ offset: around.end, length: 0, content: ` /* ${DIRECTIVE_PREFIX}-line ${code} */${spaceAfter}` }] }];
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0];
  const eol = lineEnding(text);
  return [{ title: title('next-line'), edits: [{ offset: lineStart, length: 0, content: `${indent}// ${DIRECTIVE_PREFIX}-next-line ${code}${eol}` }] }];
}

/** The block comment that began before `offset` (a line start) and runs past it, if one does. */
function blockCommentAround(text: string, offset: number): BlockComment | undefined {
  if (text.lastIndexOf('/*', offset) < 0) return undefined;
  for (const comment of blockComments(text)) {
    if (comment.start >= offset) return undefined;
    if (comment.end > offset) return comment;
  }
  return undefined;
}

function lineEnding(text: string): string {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : lf < 0 && text.includes('\r') ? '\r' : '\n';
}

/** Removes an unused comment (alone on its line: the whole line), or only the unused `code` in it. */
export function removeSuppressionFixes(doc: ParsedDocument, hint: number, code: string | undefined): Fix[] {
  const directive = findDirectives(doc).directives.find((d) => d.offset <= hint && hint < d.offset + d.length);
  if (!directive) return [];
  const text = doc.text;
  const index = code === undefined ? -1 : directive.codes.findIndex((c) => c.offset === hint && c.code === code);
  if (index >= 0 && directive.codes.length > 1) {
    const c = directive.codes[index];
    // With the separator before it (or, for the first code, after it).
    const start = index > 0 ? directive.codes[index - 1].offset + directive.codes[index - 1].length : c.offset;
    const end = index > 0 ? c.offset + c.length : directive.codes[index + 1].offset;
    return [{ title: `Remove ${c.code} from this \`${DIRECTIVE_PREFIX}-${directive.kind}\``, edits: [{ offset: start, length: end - start, content: '' }], preferred: true }];
  }
  let start = directive.offset;
  let end = directive.offset + directive.length;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  const atLineStart = start === 0 || text[start - 1] === '\n' || text[start - 1] === '\r';
  let after = end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  const atLineEnd = after === text.length || text[after] === '\n' || text[after] === '\r';
  if (atLineStart && atLineEnd) {
    end = after;
    if (text.startsWith('\r\n', end)) end += 2;
    else if (text[end] === '\n' || text[end] === '\r') end += 1;
  }
  return [{ title: `Remove this unused \`${DIRECTIVE_PREFIX}-${directive.kind}\` comment`, edits: [{ offset: start, length: end - start, content: '' }], preferred: true }];
}
