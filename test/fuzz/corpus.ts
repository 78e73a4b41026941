// Starting documents for the mutators: the shipped examples, every quick-fix fixture, and a few
// shapes neither has (the 2024-02-08 layout, additional schedules, filters, CRLF, one-liners).
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function read(dir: string, filter: (name: string) => boolean): string[] {
  return readdirSync(dir)
    .filter(filter)
    .sort()
    .map((name) => readFileSync(path.join(dir, name), 'utf8'));
}

const EXTRA = [
  // 2024-02-08 shape: `schedule` with `multi`, `discover`.
  `{
  "name": "Legacy", "mode": "snapshot",
  "source_connection_id": "7c1d5e9a-2b3f-4c8d-a6e1-9f0b2c3d4e70",
  "destination_connection_id": "c5d7e9f1-3a5b-4c7d-9e1f-2a4b6c8d0e90",
  "destination_configuration": {"schema": "orders"},
  "schedule": {"frequency": "multi", "multi": {"schedules": [{"frequency": "daily", "hour": "1", "minute": "0"}]}},
  "discover": true
}`,
  // Additional schedules, filters, fields with options, policies and a cutoff.
  `{
\t"name": "HubSpot deals",
\t"mode": "replicate",
\t"source_connection_id": "3f9e2d41-8c7b-4a6e-b5d0-1c2e3f4a5b60",
\t"destination_connection_id": "a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80",
\t"destination_configuration": {"schema": "hubspot", "advanced": {"hard_deletes": true}},
\t"default_schedule": {"frequency": "weekly", "day_of_week": "monday", "hour": 3, "minute": "0"},
\t"additional_schedules": [
\t\t{"frequency": "custom", "minute": "*/15", "hour": "*", "day_of_month": "*", "month": "*", "day_of_week": "*", "resync_mode": "refetch", "selective_mode": "none", "schemas": ["deals"]},
\t\t{"frequency": "hourly", "minute": "30", "resync_mode": "rebiuld"}
\t],
\t"schemas": [
\t\t{"id": "deals", "fields": ["id", {"id": "amount", "obfuscate": false}, "id"], "filters": [{"field_id": "amount", "function": "GreaterThan", "value": 100}, {"field_id": "stage", "function": "StringOneOff", "value": ["won"]}]},
\t\t"contacts", "contacts",
\t\t{"id": "companies", "user_output_name": "firms", "tracking_field": "updatedAt"}
\t],
\t"data_cutoff_timestamp": "2024-13-01T00:00:00Z",
\t"policies": ["5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c01", "not-a-uuid"],
\t"concurrency_limit": 1.5,
\t"organization_id": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01",
\t"mode": "snapshot"
}`,
  // CRLF line breaks, comments everywhere, a trailing comma.
  '{\r\n  // c\r\n  "name": "CRLF", /* b */ "mode": "snapshot",\r\n  "default_schedule": {"frequency": "daily", "hour": "25",},\r\n  "destination_configuration": {},\r\n}\r\n',
  // One line, wrong types.
  '{"name": 1, "mode": ["snapshot"], "source_connection_id": null, "destination_connection_id": true, "destination_configuration": [], "default_schedule": "daily", "active": "yes", "normalize_names": "Enabled"}',
  '',
  '[]',
  '{}',
];

export const CORPUS: readonly string[] = [
  ...read(path.join(ROOT, 'examples'), (n) => n.endsWith('.polysync.json')),
  ...read(path.join(ROOT, 'test', 'fixtures', 'quickfix'), (n) => n.endsWith('.input.polysync.json')),
  ...EXTRA,
];
