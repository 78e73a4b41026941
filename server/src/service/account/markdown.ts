// How account items read in completion details and hovers: one builder per kind of item.
import { type AccountConnection, type AccountField, type AccountSchema, type AccountSnapshot, canBe, type ConfigSetting } from './snapshot';

export function connectionMarkdown(snapshot: AccountSnapshot, c: AccountConnection): string {
  const lines = [`**${c.name}**: ${c.typeName ?? c.typeId} connection (\`${c.typeId}\`)${c.status ? `, status **${c.status}**` : ''}`];
  const roles: string[] = [];
  const source = canBe(snapshot, c.id, 'source');
  const destination = canBe(snapshot, c.id, 'destination');
  if (source !== undefined) roles.push(source ? 'can be a bulk sync source' : 'cannot be a bulk sync source');
  if (destination !== undefined) roles.push(destination ? 'can be a bulk sync destination' : 'cannot be a bulk sync destination');
  if (roles.length) lines.push(`It ${roles.join(' and ')}.`);
  lines.push(`\`${c.id}\``);
  return lines.join('\n\n');
}

export function schemaMarkdown(schema: AccountSchema): string {
  const title = `**${schema.id}**${schema.name && schema.name !== schema.id ? ` (${schema.name})` : ''}`;
  if (!schema.fields) return `${title}: source schema`;
  const shown = schema.fields.slice(0, 12).map((f) => `\`${f.id}\`${f.type ? ` ${f.type}` : ''}${f.isPrimaryKey ? ' (primary key)' : ''}`);
  const more = schema.fields.length > shown.length ? `, and ${schema.fields.length - shown.length} more` : '';
  return `${title}: source schema with ${schema.fields.length} field${schema.fields.length === 1 ? '' : 's'}: ${shown.join(', ')}${more}`;
}

export function fieldMarkdown(field: AccountField, schema: AccountSchema): string {
  const name = field.name && field.name !== field.id ? ` (${field.name})` : '';
  const kind = [field.type ? `\`${field.type}\`` : undefined, field.isPrimaryKey ? 'primary key' : undefined].filter(Boolean).join(', ');
  return `**${field.id}**${name}: ${kind ? `${kind} ` : ''}field of schema \`${schema.id}\``;
}

export function settingMarkdown(setting: ConfigSetting, destinationName: string | undefined): string {
  const head = `**${setting.key}**${setting.title ? ` (${setting.title})` : ''}: ${setting.required ? 'required' : 'optional'} ${setting.type ?? ''} setting${destinationName ? ` of ${destinationName}` : ''}`.replace(/\s+/g, ' ');
  const parts = [head];
  if (setting.description) parts.push(setting.description);
  if (setting.enum?.length) parts.push(`Allowed: ${setting.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}`);
  if (setting.hasDefault && setting.default !== undefined && setting.default !== null) parts.push(`Default: \`${JSON.stringify(setting.default)}\``);
  return parts.join('\n\n');
}
