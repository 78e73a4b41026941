// `polysync apply FILE...`: a linked file updates its sync (PUT, then the schema selections), an
// unlinked file creates one and is linked. The plan is printed first and confirmed; a change made in
// Polytomic since the file was last pulled or applied is never overwritten without --force.
import { type ApplyPlan, applyPlan, checkForCreate, checkForUpdate, planUpdate, sendCreate, twinFinder, type UpdateCheck } from '../../operations';
import { refuseSameCreates, twinRefusal } from './createGuard';
import type { CliIO } from '../io';
import { CliConfigs } from '../config';
import { formatText } from '../report';
import { CONNECTION_HELP, confirm, describeSyncError, eachLimited, linkCreatedFile, type LoadedFile, loadFile, notTakenLine, progress, saveLink } from './common';
import { forEachFile, prepareSyncCommand } from './preamble';
import { showTime } from './times';
import { showValue } from './words';

export const APPLY_USAGE = `Usage: polysync apply [options] FILES, FOLDERS or GLOBS...

Makes each bulk sync what its file says. A linked file (one with a "polysync" key) updates its sync,
sending only what differs from the live sync when compared three ways (the file, the live sync, and
both as they were at the last apply or pull, kept in the link): the settings with PUT, carrying the
live value of every setting the file leaves to the app (and of paths in "ignore"), the live schema
selection when the file has no "schemas", the ids of additional schedules and the output names; then
the schemas that differ with PATCH (a schema removed from the file is sent with enabled: false).
Schemas and fields the sync's automatic discovery added are information, never removed. An unlinked
file creates a new sync and is linked to it, unless a live sync already has its name, source and
destination: then nothing is created and that sync is named ("polysync link FILE SYNC_ID" links the
file to it). Afterwards the sync is read back: a field the API did
not take is named (exit 1); otherwise the link's base is renewed and "polysync diff" is empty.

The plan is printed first. Without --yes it is confirmed on the terminal; when there is no terminal
to ask on, nothing is changed. A file with errors ("polysync check") is never applied. When a field
the plan would change was changed in Polytomic since the file was last pulled or applied, the file is
not applied and those fields are named, unless --force.

Options:
  --yes                   apply without asking
  --force                 overwrite changes made in Polytomic since the file was last pulled or applied
  --no-create             create no sync: an unlinked file is reported and not applied (for pipelines)
${CONNECTION_HELP}
Exit status: 0 every file applied or already up to date, 1 a file was not applied (errors in it,
changes in Polytomic, an unlinked file with --no-create or whose sync exists, not confirmed, or the
API failed: the message says what was changed and what was not) or a field was not taken, 2 bad
usage, settings, or a file that cannot be read.
`;

type Step =
  | { kind: 'error'; file: string; message: string; code: 1 | 2 }
  | { kind: 'same'; file: string; syncId: string; renewed?: string }
  | { kind: 'conflict'; file: string; plan: ApplyPlan }
  | { kind: 'update'; file: string; loaded: LoadedFile; plan: ApplyPlan; forced: boolean }
  | { kind: 'create'; file: string; loaded: LoadedFile; body: Record<string, unknown>; name?: string };

export async function runApply(args: string[], rawIO: CliIO): Promise<number> {
  const prepared = prepareSyncCommand(args, rawIO, {
    name: 'apply',
    usage: APPLY_USAGE,
    options: { yes: { type: 'boolean', short: 'y' }, force: { type: 'boolean' }, 'no-create': { type: 'boolean' } },
    files: 'many',
    noFiles: 'name the files to apply, e.g. polysync apply syncs/',
  });
  if (typeof prepared === 'number') return prepared;
  const { io, api, options, concurrency } = prepared;
  const force = options.force === true;
  const noCreate = options['no-create'] === true;
  // One listing of the account's syncs for every unlinked file, made only when one needs it.
  const twinsOf = twinFinder(api);
  // polysync.config.json, as `check` reads it: the API's errors it silences still stop a file, saying why.
  const configs = new CliConfigs(io.cwd);

  const steps = await forEachFile(prepared, 'planning', async (file): Promise<Step> => {
    const loaded = loadFile(io, file);
    if ('error' in loaded) return { kind: 'error', file, message: loaded.error, code: 2 };
    // The checks and the decision Update makes in the editor (operations/update.ts).
    const config = configs.forFile(file);
    const check = checkForUpdate(loaded.doc, undefined, config);
    if (!check.ok && check.reason === 'unlinked') {
      if (noCreate) return { kind: 'error', file, message: `${file} is not linked to a bulk sync, and --no-create creates none; nothing was created. Link it to its sync with "polysync link ${file} SYNC_ID", or apply without --no-create to create one.`, code: 1 };
      const create = checkForCreate(loaded.doc, undefined, config);
      if (!create.ok) return refusal(io, file, create);
      return (await twinRefusal(file, create.body, twinsOf, (iso) => showTime(io, iso))) ?? { kind: 'create', file, loaded, body: create.body, name: create.name };
    }
    if (!check.ok) return refusal(io, file, check);
    const syncId = check.link.sync_id;
    try {
      const decision = await planUpdate(api, check.body, check.link, { force });
      if (decision.kind === 'up-to-date') {
        // A link from before bases gets one now: nothing is sent, only the link is rewritten.
        if (!decision.renewedLink) return { kind: 'same', file, syncId };
        const problem = saveLink(io, loaded, decision.renewedLink);
        return { kind: 'same', file, syncId, renewed: problem ? `the link could not be renewed: ${problem}` : 'the link now keeps a base for the three-way comparison' };
      }
      if (decision.kind === 'conflict') return { kind: 'conflict', file, plan: decision.plan };
      return { kind: 'update', file, loaded, plan: decision.plan, forced: decision.overwrites.length > 0 };
    } catch (error) {
      return { kind: 'error', file, message: `${file}: ${describeSyncError(error, syncId)}; it was not applied.`, code: 1 };
    }
  });

  refuseSameCreates(steps);
  for (const step of steps) printPlan(io, step);
  const todo = steps.filter((s): s is Extract<Step, { kind: 'update' | 'create' }> => s.kind === 'update' || s.kind === 'create');
  const refused = steps.filter((s) => s.kind === 'error' || s.kind === 'conflict');
  const badUsage = prepared.badArguments || steps.some((s) => s.kind === 'error' && s.code === 2);
  if (todo.length === 0) {
    if (refused.length === 0 && !badUsage) io.stderr('polysync apply: nothing to change.\n');
    return badUsage ? 2 : refused.length > 0 ? 1 : 0;
  }
  if (options.yes !== true) {
    const answer = await confirm(io, `Apply ${todo.length} change${todo.length === 1 ? '' : 's'} listed above?`);
    if (answer === undefined) {
      io.stderr('polysync apply: nothing was changed: there is no terminal to confirm on; run with --yes to apply the plan above.\n');
      return 1;
    }
    if (!answer) {
      io.stderr('polysync apply: not confirmed; nothing was changed.\n');
      return 1;
    }
  }

  const applying = progress(io, 'applying', todo.length);
  const outcomes = await eachLimited(todo, concurrency, async (step): Promise<boolean> => {
    if (step.kind === 'create') {
      const outcome = await sendCreate(step.loaded.doc, step.body, api);
      if (outcome.kind === 'failed') {
        for (const f of outcome.fields) io.stderr(`${step.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: error ${f.path}: ${f.message}\n`);
        io.stderr(`polysync apply: ${step.file}: ${outcome.error.message}\n`);
        return false;
      }
      const { problem, notTaken } = await linkCreatedFile(io, api, step.loaded, outcome.sync, step.body);
      if (problem) {
        io.stderr(`polysync apply: ${step.file}: created bulk sync ${outcome.sync.id}, but ${problem}; add "polysync": {"sync_id": "${outcome.sync.id}"} to the file by hand.\n`);
        return false;
      }
      io.stdout(`${step.file}: created bulk sync ${outcome.sync.id} and linked the file to it\n`);
      if (notTaken.length > 0) io.stderr(notTakenLine('apply', step.file, outcome.sync.id, notTaken));
      return notTaken.length === 0;
    }
    const outcome = await applyPlan(api, step.plan);
    if (outcome.kind === 'failed') {
      io.stderr(`polysync apply: ${step.file}: ${describeSyncError(outcome.error, step.plan.syncId)}\n`);
      io.stderr(`  changed in Polytomic: ${outcome.done.length ? outcome.done.join(', ') : 'nothing'}\n`);
      if (outcome.uncertain.length) io.stderr(`  may or may not have changed: ${outcome.uncertain.join(', ')}\n`);
      if (outcome.notDone.length) io.stderr(`  not changed: ${outcome.notDone.join(', ')}\n`);
      io.stderr(`  the link in ${step.file} was not updated; run "polysync diff ${step.file}" to see where the sync stands, then apply again.\n`);
      return false;
    }
    const problem = saveLink(io, step.loaded, outcome.link);
    if (problem) {
      io.stderr(`polysync apply: ${step.file}: the sync was updated, but ${problem}.\n`);
      return false;
    }
    io.stdout(`${step.file}: updated bulk sync ${step.plan.syncId} (${outcome.steps.join(', ')})\n`);
    if (outcome.notTaken.length > 0) io.stderr(notTakenLine('apply', step.file, step.plan.syncId, outcome.notTaken));
    return outcome.notTaken.length === 0;
  }, (done) => applying.update(done));
  applying.end();
  if (badUsage) return 2;
  return outcomes.every(Boolean) && refused.length === 0 ? 0 : 1;
}

/** The step for a file that may not be sent: its errors printed, or why its body or link is unusable. */
function refusal(io: CliIO, file: string, check: Exclude<UpdateCheck, { ok: true } | { reason: 'unlinked' }>): Step {
  if (check.reason === 'document') {
    io.stderr(formatText([{ file, diagnostics: [...check.errors, ...check.warnings] }]));
    return { kind: 'error', file, message: `${file} has ${check.errors.length} error${check.errors.length === 1 ? '' : 's'}; it was not applied.`, code: 1 };
  }
  if (check.reason === 'link') {
    const at = check.range.start;
    return { kind: 'error', file, message: `${file}:${at.line + 1}:${at.character + 1}: ${check.message}`, code: 1 };
  }
  return { kind: 'error', file, message: `${file}: ${check.message} It was not applied.`, code: 1 };
}

function printPlan(io: CliIO, step: Step): void {
  switch (step.kind) {
    case 'error':
      io.stderr(`polysync apply: ${step.message}\n`);
      return;
    case 'same':
      io.stdout(`${step.file}: up to date with bulk sync ${step.syncId}${step.renewed ? `; ${step.renewed}` : ''}\n`);
      return;
    case 'create':
      io.stdout(`${step.file}: create a new bulk sync${step.name ? ` "${step.name}"` : ''} and link the file to it\n`);
      return;
    case 'conflict': {
      const { plan } = step;
      const by = changedByText(io, plan);
      if (plan.changedUnnamed) {
        io.stderr(`polysync apply: ${step.file}: bulk sync ${plan.syncId} was changed in Polytomic${by} since the file was last pulled or applied; the link is from an older Polysync and keeps no base, so the fields cannot be named. Not applied: run "polysync diff ${step.file}", pull it again, or apply with --force to overwrite.\n`);
      } else {
        io.stderr(`polysync apply: ${step.file}: changed in Polytomic${by} since the file was last pulled or applied: ${conflictList(plan)}. Not applied: pull it again and redo your edit, or apply with --force to overwrite those changes.\n`);
      }
      return;
    }
    case 'update': {
      const { plan } = step;
      io.stdout(`${step.file}: update bulk sync ${plan.syncId}${step.forced ? ` (--force: overwrites changes made in Polytomic${changedByText(io, plan)} to ${conflictList(plan)})` : ''}\n`);
      for (const d of plan.differences) io.stdout(`  ${d.path}: ${showValue(d.live, d.path)} -> ${showValue(d.file, d.path)}\n`);
      for (const d of plan.discovered) io.stdout(`  ${d.path}: added by automatic discovery, left as it is\n`);
      if (plan.put) {
        const carried = plan.carried.length > 0 ? `; keeps the live ${plan.carried.join(', ')}` : '';
        io.stdout(`  sends: PUT the settings (a full replacement${carried})\n`);
      }
      if (plan.schemaChanges.length) {
        const names = plan.schemaChanges.map((s) => (s.enabled === false ? `${s.id} (removed)` : s.id));
        io.stdout(`  sends: PATCH schemas ${names.join(', ')}\n`);
      }
    }
  }
}

/** " by NAME at TIME" for a change made in Polytomic, from the live sync's updated_by and updated_at. */
function changedByText(io: CliIO, plan: ApplyPlan): string {
  return `${plan.changedBy ? ` by ${plan.changedBy}` : ''}${plan.changedAt ? ` at ${showTime(io, plan.changedAt)}` : ''}`;
}

/** The conflicting paths, each said to be edited in the file too where it was. */
function conflictList(plan: ApplyPlan): string {
  const edited = new Set(plan.differences.filter((d) => d.editedInFile && d.changedInPolytomic).map((d) => d.path));
  return plan.conflicts.map((path) => (edited.has(path) && !plan.changedUnnamed ? `${path} (edited in the file too)` : path)).join(', ');
}
