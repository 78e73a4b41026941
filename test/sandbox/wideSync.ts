// A bulk sync that selects hundreds of schemas, for the tests and the benchmark of what keeping such a
// sync costs the API: the sandbox must be started with `wideSourceTables` of at least `selected` + 20.
import { IDS, wideTableId } from './fixtures';

export const WIDE_SOURCE_TABLES = 320;

/** The create body of sync number `index`: `selected` of the wide source's tables, every fifth with some of its fields. */
export function wideSyncBody(index: number, selected = 300): Record<string, unknown> {
  return {
    name: `Warehouse ${index}`,
    mode: 'replicate',
    source_connection_id: IDS.wideDb,
    destination_connection_id: IDS.snowflake,
    destination_configuration: { schema: `WIDE_${index % 20}` },
    default_schedule: { frequency: 'daily', hour: String(index % 24), minute: '0' },
    schemas: Array.from({ length: selected }, (_, i) =>
      i % 5 === 0 ? { id: wideTableId(i), fields: ['id', 'status', 'updated_at'], tracking_field: 'updated_at' } : wideTableId(i),
    ),
  };
}
