// What every account rule is handed: the usual rule context plus what the account is known to hold.
// A rule reports only from data whose status is `ready` (or `refused`, an answer too); anything
// loading, failed or unknown means the rule stays silent.
import type { AccountSnapshot } from '../../../account/snapshot';
import { editDistance } from '../../../schema/nearest';
import type { RuleContext } from '../context';

export interface AccountRuleContext extends RuleContext {
  account: AccountSnapshot;
}

export interface AccountRule {
  name: string;
  check(context: AccountRuleContext): void;
}

/** The candidates nearest to `input` (prefixes first, then by edit distance), for a short list of fixes. */
export function closest(input: string, candidates: readonly string[], count = 5): string[] {
  const needle = input.toLowerCase();
  const score = (c: string) => {
    const hay = c.toLowerCase();
    return hay.startsWith(needle) || needle.startsWith(hay) ? 0 : editDistance(needle, hay);
  };
  return candidates
    .map((c) => ({ c, s: score(c) }))
    .sort((a, b) => a.s - b.s)
    .slice(0, count)
    .map((x) => x.c);
}
