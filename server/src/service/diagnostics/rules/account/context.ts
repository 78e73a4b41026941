// What every account rule is handed: the usual rule context plus what the account is known to hold.
// A rule reports only from data whose status is `ready` (or `refused`, an answer too); anything
// loading, failed or unknown means the rule stays silent. (index.ts relies on this: with no answer in
// the snapshot at all, it runs none of them.)
import type { AccountSnapshot } from '../../../account/snapshot';
import type { RuleContext } from '../context';

export interface AccountRuleContext extends RuleContext {
  account: AccountSnapshot;
}

export interface AccountRule {
  name: string;
  check(context: AccountRuleContext): void;
}

export { closest } from '../../../schema/nearest';
