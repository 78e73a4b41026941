// `destination_configuration` must hold every key the destination marks required, at every level
// (nested objects are checked when present). Both description shapes are read the same way.
import { type ConfigSetting, connectionLabel, findConnection, isConnectionIdLike, targetOf } from '../../../account/snapshot';
import { type JsonNode, objectAnchor, pathOf, propertyValue } from '../../../document/document';
import { listValues } from '../../../schema/nearest';
import type { AccountRule, AccountRuleContext } from './context';

export const accountDestinationSettings: AccountRule = {
  name: 'account-destination-settings',
  check(context) {
    const { root, account } = context;
    const destination = propertyValue(root, 'destination_connection_id');
    const id = destination?.type === 'string' ? (destination.value as string) : undefined;
    if (!isConnectionIdLike(id)) return;
    const target = targetOf(account, id);
    if (target.status !== 'ready' || !target.value.settings) return;
    // A missing destination_configuration is already reported offline (PS101).
    const config = propertyValue(root, 'destination_configuration');
    if (config?.type !== 'object') return;
    const found = findConnection(account, id);
    const name = found.status === 'found' ? connectionLabel(found.connection) : 'the destination';
    checkObject(context, config, target.value.settings, name);
  },
};

function checkObject(context: AccountRuleContext, object: JsonNode, settings: readonly ConfigSetting[], name: string): void {
  const missing = settings.filter((s) => s.required && propertyValue(object, s.key) === undefined);
  if (missing.length > 0) {
    const anchor = objectAnchor(object);
    const path = pathOf(object);
    const where = `\`${path.join('.')}\``;
    const defaults = missing.filter((s) => s.hasDefault && s.default !== null && s.default !== undefined && s.default !== '');
    const hint = defaults.length
      ? ` (${defaults.map((s) => `\`${s.key}\` defaults to ${JSON.stringify(s.default)}`).join(', ')} in the UI)`
      : '';
    context.reporter.report(
      'missingDestinationSetting',
      anchor.offset,
      anchor.length,
      `${where} is missing ${listValues(missing.map((s) => s.key), 'and')}, which ${name} requires${hint}.`,
      { fix: 'addProperties', path, properties: missing.map((s) => s.key) },
    );
  }
  for (const setting of settings) {
    if (!setting.children?.length) continue;
    const child = propertyValue(object, setting.key);
    if (child?.type === 'object') checkObject(context, child, setting.children, name);
  }
}
