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
import { schemaItems } from '../../document/bulkSync';
import { itemFindings } from '../incremental';
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
  const items = schemaItems(context.root);
  const perItem = itemFindings(context.doc, items, itemRules, options.reuse === true);
  const { reporter } = context;
  for (const rule of rules) {
    if (!isItemRule(rule)) {
      rule.check(context);
      continue;
    }
    const k = itemRules.indexOf(rule);
    const across = rule.acrossItems?.();
    for (let n = 0; n < items.length; n++) {
      across?.(items[n], reporter);
      reportFindingsAt(perItem[n][k], items[n].offset, reporter);
    }
  }
}

export type { ItemRule, Rule, RuleContext };
