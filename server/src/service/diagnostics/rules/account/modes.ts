// `mode` and each additional schedule's `resync_mode` must be ones the destination supports, as its
// /bulksync/target answer lists them. `supported_resync_modes` lists only real resyncs (refetch, resync,
// rebuild): `normal` is not a resync, so it is never checked against that list.
import { connectionLabel, findConnection, isConnectionIdLike, targetOf } from '../../../account/snapshot';
import { schemaAt, schemaBranches } from '../../../schema/lookup';
import { type JsonNode, pathOf, propertyValue } from '../../../document/document';
import { listValues } from '../../../schema/nearest';
import { scheduleObjects } from '../../../document/bulkSync';
import type { AccountRule } from './context';

/** Values the schema itself allows at a path; others are already reported offline (PS104). */
function schemaEnum(path: (string | number)[]): unknown[] {
  return schemaBranches(schemaAt(path)).flatMap((b) => b.enum ?? []);
}

/** A regular run: every destination takes it, whatever its `supported_resync_modes` lists. */
const NORMAL_RUN = 'normal';

export const accountModes: AccountRule = {
  name: 'account-modes',
  check({ root, reporter, account }) {
    const destination = propertyValue(root, 'destination_connection_id');
    const id = destination?.type === 'string' ? (destination.value as string) : undefined;
    if (!isConnectionIdLike(id)) return;
    const target = targetOf(account, id);
    if (target.status !== 'ready') return;
    const found = findConnection(account, id);
    const name = found.status === 'found' ? connectionLabel(found.connection) : 'The destination';

    const modes = target.value.modes?.map((m) => m.id) ?? [];
    const mode = propertyValue(root, 'mode');
    if (modes.length > 0 && mode?.type === 'string' && schemaEnum(['mode']).includes(mode.value) && !modes.includes(mode.value as string)) {
      report(mode, 'unsupportedMode', `${name} does not support mode \`${mode.value}\`; it supports ${listValues(modes)}.`, modes);
    }

    const resyncModes = [...(target.value.resyncModes ?? [])];
    if (resyncModes.length === 0) return;
    const acceptedResync = resyncModes.includes(NORMAL_RUN) ? resyncModes : [NORMAL_RUN, ...resyncModes];
    const allowedResync = schemaEnum(['additional_schedules', 0, 'resync_mode']);
    for (const { node, additional } of scheduleObjects(root)) {
      if (!additional) continue;
      const value = propertyValue(node, 'resync_mode');
      if (value?.type !== 'string' || !allowedResync.includes(value.value) || acceptedResync.includes(value.value as string)) continue;
      report(
        value,
        'unsupportedResyncMode',
        `${name} does not support resync mode \`${value.value}\`; its resync modes are ${listValues(resyncModes.filter((m) => m !== NORMAL_RUN))} (a \`normal\` run is always accepted).`,
        acceptedResync,
      );
    }

    function report(node: JsonNode, code: 'unsupportedMode' | 'unsupportedResyncMode', message: string, allowed: string[]) {
      reporter.reportNode(code, node, message, {
        fix: 'replaceValue',
        path: pathOf(node),
        suggestion: allowed.length === 1 ? allowed[0] : undefined,
        allowed,
      });
    }
  },
};
