// The semantic rules, in the order their diagnostics are reported.
import { additionalScheduleSchemas } from './additionalScheduleSchemas';
import type { ItemRule, Rule, RuleContext } from './context';
import { draftSchedules } from './draftSchedules';
import { duplicateSelections } from './duplicateSelections';
import { emptySchemas } from './emptySchemas';
import { filterShape } from './filterShape';
import { inferredMinimums } from './inferredMinimums';
import { legacyShape } from './legacyShape';
import { notAcceptedOnCreate } from './notAcceptedOnCreate';
import { organizationId } from './organizationId';
import { sameConnection } from './sameConnection';
import { scheduleFrequency } from './scheduleFrequency';
import { scheduleValues } from './scheduleValues';
import { propertyValue } from '../../document/document';
import { acrossItemFindings, itemFindings } from '../incremental';
import { reportFindingsAt } from '../findings';

export const rules: readonly (Rule | ItemRule)[] = [
  legacyShape,
  draftSchedules,
  scheduleValues,
  scheduleFrequency,
  sameConnection,
  duplicateSelections,
  emptySchemas,
  filterShape,
  additionalScheduleSchemas,
  notAcceptedOnCreate,
  organizationId,
  inferredMinimums,
];

function isItemRule(rule: Rule | ItemRule): rule is ItemRule {
  return 'checkItem' in rule;
}

const itemRules: readonly ItemRule[] = rules.filter(isItemRule);

/**
 * Runs every rule; the item rules' findings on each `schemas` item are reported in the rule's turn, in
 * item order, each item's cross-item findings first (as one pass per rule would report them). With
 * `reuse`, items no edit has changed since the last check keep what was found in them then.
 */
export function runRules(context: RuleContext, options: { reuse?: boolean } = {}): void {
  const { root, reporter } = context;
  const reuse = options.reuse === true;
  const schemas = propertyValue(root, 'schemas');
  const items = schemas?.type === 'array' ? (schemas.children ?? []) : [];
  const own = items.length > 0 ? itemFindings(context.doc, schemas!, itemRules, reuse) : undefined;
  const across = items.length > 0 ? acrossItemFindings(schemas!, itemRules, reuse) : undefined;
  for (const rule of rules) {
    if (!isItemRule(rule)) {
      rule.check(context);
      continue;
    }
    if (!own || !across) continue;
    const k = itemRules.indexOf(rule);
    const acrossRule = across[k];
    // Only the items with something to report are visited (a megabyte document has thousands), in order.
    const busy = acrossRule ? mergeIndexes(own.busy, acrossRule.indexes) : own.busy;
    for (const n of busy) {
      const first = acrossRule?.byItem[n];
      if (first) reportFindingsAt(first, schemas!.offset, reporter);
      reportFindingsAt(own.perItem[n][k], items[n].offset, reporter);
    }
  }
}

/** The union of two ascending lists of indexes, ascending. */
function mergeIndexes(a: readonly number[], b: readonly number[]): readonly number[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else if (i >= a.length || b[j] < a[i]) out.push(b[j++]);
    else {
      out.push(a[i++]);
      j++;
    }
  }
  return out;
}

export type { ItemRule, Rule, RuleContext };
