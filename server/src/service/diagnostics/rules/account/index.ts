// The checks that need the signed-in account, in the order their diagnostics are reported.
import type { AccountRule, AccountRuleContext } from './context';
import type { AccountSnapshot, Known } from '../../../account/snapshot';
import { accountConnections } from './connections';
import { accountDestinationSettings } from './destinationSettings';
import { accountModes } from './modes';
import { accountPolicies } from './policies';
import { accountSchemas } from './schemas';

const accountRules: readonly AccountRule[] = [
  accountConnections,
  accountModes,
  accountDestinationSettings,
  accountSchemas,
  accountPolicies,
];

export function runAccountRules(context: AccountRuleContext): void {
  // Every rule reports from the account's answers only (context.ts): with none yet (no account signed
  // in, or nothing fetched), none would report, and the rules are not run (this is every check then).
  if (!holdsAnswers(context.account)) return;
  for (const rule of accountRules) rule.check(context);
}

/** Whether the snapshot holds any answer of the API (data, or a refusal) a rule could report from. */
function holdsAnswers(account: AccountSnapshot): boolean {
  return answered(account.connections) || answered(account.policies) || account.connectionLookups.size > 0 || account.sources.size > 0 || account.targets.size > 0;
}

function answered(known: Known<unknown>): boolean {
  return known.status === 'ready' || known.status === 'refused';
}

export type { AccountRule, AccountRuleContext };
