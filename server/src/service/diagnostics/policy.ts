// What the user asked for on top of the checks: severities from polysync.config.json, then the
// document's suppression comments. The one step validate.ts runs last.
import type { Diagnostic } from 'vscode-languageserver-types';
import { type ParsedDocument, textIncludes } from '../document/document';
import { applyRuleSettings, type Relaxed, type RuleSettings } from './config';
import { applySuppressions, DIRECTIVE_PREFIX, type Silenced } from './suppressions';

export interface PolicyOptions {
  /** Severities from polysync.config.json ("off" drops a code). */
  rules?: RuleSettings;
  /** Receives the diagnostics a suppression comment silenced (Create still refuses the API's errors among them). */
  silenced?: Silenced[];
  /** Receives the API's errors the rules turned off or lowered, as reported (Create still refuses them). */
  relaxed?: Relaxed[];
}

export function applyPolicy(doc: ParsedDocument, diagnostics: Diagnostic[], options: PolicyOptions): Diagnostic[] {
  // The usual case, on every check: no rule settings and no suppression comment leave the list as it is.
  if ((!options.rules || options.rules.size === 0) && !textIncludes(doc, DIRECTIVE_PREFIX)) return diagnostics;
  // Severities first, so a comment naming a code that is off is reported as silencing nothing; then
  // again, for the unused-comment reports (PS007) the comments added.
  const suppressed = applySuppressions(doc, applyRuleSettings(diagnostics, options.rules, options.relaxed));
  options.silenced?.push(...suppressed.silenced);
  return applyRuleSettings(suppressed.diagnostics, options.rules);
}
