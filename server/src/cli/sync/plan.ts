// `polysync plan [FILES...]`: the plan `apply` would run, changing nothing (reads only). For review in
// a pull request or a pipeline: the requests each file would send, the differences behind them, and
// what would stop apply (changes made in Polytomic, a sync the file would duplicate, errors).
import { twinFinder } from '../../operations';
import { CliConfigs } from '../config';
import type { CliIO } from '../io';
import { JSON_FORMAT_VERSION } from '../report';
import { CONNECTION_HELP, loadFile } from './common';
import { notReadLine } from './notRead';
import { sameCreateMessage, sameCreates } from './createGuard';
import { type FilePlan, planFile } from './planFile';
import { forEachFile, formatOf, prepareSyncCommand } from './preamble';
import { showTime } from './times';
import { showValue } from './words';

export const PLAN_USAGE = `Usage: polysync plan [options] [FILES, FOLDERS or GLOBS...]

The plan "polysync apply" would run for each file, changing nothing: only reads are sent. A linked
file lists its differences and the requests apply would send (PUT of the settings, PATCH of the
schema selections); an unlinked file would create a bulk sync (POST), unless a live sync already has
its name, source and destination. What would stop apply is shown as such: a change made in Polytomic
the plan would overwrite (a conflict, unless --force), a sync the file would duplicate, errors in the
file. With no argument the current folder is searched.
As with "polysync diff", a schema is read only when the sync's updated_at moved since the link or its
list item differs from the link's base; the plan says which schemas it did not read (apply itself
always reads every schema before it sends anything).

Options:
  --format text|json      output format (default text); JSON has formatVersion, totals and one entry
                          per file with its status, steps, differences and conflicts
  --force                 plan as "apply --force" would: conflicts are overwritten
  --no-create             plan as "apply --no-create" would: an unlinked file creates nothing
  --read-schemas          read every selected schema, even those the link says are unchanged
${CONNECTION_HELP}
Exit status: 0 nothing to do, 1 apply would change something (or would stop on a conflict or an
unlinked file it may not create), 2 some file could not be planned (unreadable, errors in it, a link
or a sync that cannot be read) or bad usage.
`;

export async function runPlan(args: string[], rawIO: CliIO): Promise<number> {
  const prepared = prepareSyncCommand(args, rawIO, {
    name: 'plan',
    usage: PLAN_USAGE,
    options: { format: { type: 'string' }, force: { type: 'boolean' }, 'no-create': { type: 'boolean' }, 'read-schemas': { type: 'boolean' } },
    files: 'many',
    noFiles: 'current-folder',
    checkOptions: formatOf,
  });
  if (typeof prepared === 'number') return prepared;
  const { io, api, options } = prepared;
  const format = formatOf(options);
  // polysync.config.json, as apply reads it, so the plan stops where apply would.
  const configs = new CliConfigs(io.cwd);
  const planOptions = {
    force: options.force === true,
    noCreate: options['no-create'] === true,
    twinsOf: twinFinder(api),
    configOf: (file: string) => configs.forFile(file),
    schemaReads: options['read-schemas'] === true ? ('all' as const) : ('changed' as const),
  };
  const plans = await forEachFile(prepared, 'planning', async (file): Promise<FilePlan> => {
    const loaded = loadFile(io, file);
    if ('error' in loaded) return { file, status: 'error', steps: [], differences: [], conflicts: [], message: loaded.error };
    return planFile(io, api, loaded, planOptions);
  });
  for (const [i, others] of sameCreates(plans)) plans[i] = { file: plans[i].file, status: 'blocked', steps: [], differences: [], conflicts: [], message: sameCreateMessage(plans[i].file, others) };

  if (format === 'json') {
    const totals = { files: plans.length, same: 0, update: 0, create: 0, conflict: 0, blocked: 0, error: 0 };
    for (const p of plans) totals[p.status] += 1;
    const files = plans.map(({ body: _body, ...rest }) => rest);
    io.stdout(`${JSON.stringify({ formatVersion: JSON_FORMAT_VERSION, totals, files }, null, 2)}\n`);
  } else {
    for (const p of plans) printPlan(io, p);
    printSummary(io, plans);
  }
  prepared.sayApiUrlHint(prepared.say);
  if (prepared.badArguments || plans.some((p) => p.status === 'error')) return 2;
  return plans.some((p) => p.status !== 'same') ? 1 : 0;
}

function printPlan(io: CliIO, p: FilePlan): void {
  switch (p.status) {
    case 'error':
      io.stderr(`polysync plan: ${p.message}\n`);
      return;
    case 'blocked':
      io.stdout(`${p.file}: would not be applied: ${p.message?.replace(new RegExp(`^${escape(p.file)}: `), '')}\n`);
      return;
    case 'same':
      io.stdout(`${p.file}: up to date with bulk sync ${p.syncId}\n${notReadLine(io, p)}`);
      return;
    case 'create': {
      const step = p.steps[0];
      const name = step?.action === 'create' && step.name ? ` "${step.name}"` : '';
      io.stdout(`${p.file}: create a new bulk sync${name} and link the file to it\n  sends: POST /api/bulk/syncs\n`);
      return;
    }
    default: {
      io.stdout(`${p.file}: update bulk sync ${p.syncId}${p.status === 'conflict' ? ' (stops on a conflict)' : ''}\n`);
      for (const d of p.differences) io.stdout(`  ${d.path}: ${showValue(d.live, d.path)} -> ${showValue(d.file, d.path)}${d.changedInPolytomic ? ' (changed in Polytomic)' : ''}\n`);
      for (const path of p.discovered ?? []) io.stdout(`  ${path}: added by automatic discovery, left as it is\n`);
      for (const s of p.steps) {
        if (s.action === 'settings') io.stdout(`  sends: PUT ${s.path} (the settings${s.carried.length > 0 ? `; keeps the live ${s.carried.join(', ')}` : ''})\n`);
        if (s.action === 'schemas') io.stdout(`  sends: PATCH ${s.path} (${s.schemas.map((x) => (x.enabled ? x.id : `${x.id} removed`)).join(', ')})\n`);
      }
      if (p.conflicts.length > 0) {
        const by = p.lastChange?.by ? ` by ${p.lastChange.by}` : '';
        const at = p.lastChange?.at ? ` (last change ${showTime(io, p.lastChange.at)}${by})` : '';
        const verb = p.status === 'conflict' ? 'apply stops here unless --force' : '--force overwrites them';
        const which = p.changedUnnamed ? `the link keeps no base, so any of ${p.conflicts.join(', ')}` : p.conflicts.join(', ');
        io.stdout(`  conflict: changed in Polytomic since the file was last pulled or applied${at}: ${which}; ${verb}\n`);
      }
      io.stdout(notReadLine(io, p));
    }
  }
}

function printSummary(io: CliIO, plans: FilePlan[]): void {
  const count = (status: FilePlan['status']) => plans.filter((p) => p.status === status).length;
  const parts = [`${count('create')} to create`, `${count('update')} to update`, `${count('same')} up to date`];
  if (count('conflict')) parts.push(`${count('conflict')} stopped by conflicts`);
  if (count('blocked')) parts.push(`${count('blocked')} not to be applied`);
  if (count('error')) parts.push(`${count('error')} could not be planned`);
  io.stdout(`Plan: ${parts.join(', ')}.\n`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
