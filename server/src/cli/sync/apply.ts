// `polysync apply FILE...`: a linked file updates its sync (PUT, then the schema selections), an
// unlinked file creates one and is linked. The plan is printed first and confirmed; a change made in
// Polytomic since the file was last pulled or applied is never overwritten without --force.
import { type ApplyPlan, applyPlan, checkForCreate, planApply, readLiveSync, sendCreate, showValue } from '../../service/operations';
import { resolveFileArguments } from '../files';
import { type CliIO, parseOptions, UsageError } from '../io';
import { formatText } from '../report';
import { CONNECTION_HELP, CONNECTION_OPTIONS, concurrencyOf, confirm, describeSyncError, eachLimited, linkCreatedFile, type LoadedFile, loadFile, openSession, progress, saveLink } from './common';

export const APPLY_USAGE = `Usage: polysync apply [options] FILES, FOLDERS or GLOBS...

Makes each bulk sync what its file says. A linked file (one with a "polysync" key) updates its sync:
the full settings with PUT (a full replacement: what the file leaves out is reset to the API's
default), then the schema selections that differ with PATCH (a schema removed from the file is sent
with enabled: false). An unlinked file creates a new sync and is linked to it. Afterwards the link is
current and "polysync diff" finds no differences.

The plan is printed first. Without --yes it is confirmed on the terminal; when there is no terminal
to ask on, nothing is changed. A file with errors ("polysync check") is never applied. When a setting
or schema the plan would change was also changed in Polytomic since the file was last pulled or
applied, the file is not applied and those fields are named, unless --force.

Options:
  --yes                   apply without asking
  --force                 overwrite changes made in Polytomic since the file was last pulled or applied
${CONNECTION_HELP}
Exit status: 0 every file applied or already up to date, 1 a file was not applied (errors in it,
changes in Polytomic, not confirmed, or the API failed: the message says what was changed and what
was not), 2 bad usage, settings, or a file that cannot be read.
`;

type Step =
  | { kind: 'error'; file: string; message: string; code: 1 | 2 }
  | { kind: 'same'; file: string; syncId: string }
  | { kind: 'conflict'; file: string; plan: ApplyPlan }
  | { kind: 'update'; file: string; loaded: LoadedFile; plan: ApplyPlan; forced: boolean }
  | { kind: 'create'; file: string; loaded: LoadedFile; body: Record<string, unknown>; name?: string };

export async function runApply(args: string[], rawIO: CliIO): Promise<number> {
  const { options, positionals } = parseOptions(args, { ...CONNECTION_OPTIONS, yes: { type: 'boolean', short: 'y' }, force: { type: 'boolean' } });
  if (options.help) {
    rawIO.stdout(APPLY_USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('name the files to apply, e.g. polysync apply syncs/');
  const concurrency = concurrencyOf(options);
  const { files, problems } = resolveFileArguments(positionals, { cwd: rawIO.cwd });
  const session = openSession(rawIO, options, concurrency);
  if ('error' in session) {
    rawIO.stderr(`polysync apply: ${session.error}\n`);
    return 2;
  }
  const { io, api } = session;
  const force = options.force === true;
  for (const p of problems) io.stderr(`polysync apply: ${p.argument}: ${p.reason}\n`);

  const bar = progress(io, 'planning', files.length);
  const steps = await eachLimited(files, concurrency, async (file): Promise<Step> => {
    const loaded = loadFile(io, file);
    if ('error' in loaded) return { kind: 'error', file, message: loaded.error, code: 2 };
    const check = checkForCreate(loaded.doc);
    if (!check.ok && check.reason === 'document') {
      io.stderr(formatText([{ file, diagnostics: [...check.errors, ...check.warnings] }]));
      return { kind: 'error', file, message: `${file} has ${check.errors.length} error${check.errors.length === 1 ? '' : 's'}; it was not applied.`, code: 1 };
    }
    if (!check.ok) return { kind: 'error', file, message: `${file}: ${check.message} It was not applied.`, code: 1 };
    if (loaded.link.linked === 'invalid') {
      const at = loaded.link.range.start;
      return { kind: 'error', file, message: `${file}:${at.line + 1}:${at.character + 1}: ${loaded.link.message}`, code: 1 };
    }
    if (loaded.link.linked === false) return { kind: 'create', file, loaded, body: check.body, name: check.name };
    const link = loaded.link.link;
    try {
      const live = await readLiveSync(api, link.sync_id);
      const plan = planApply(check.body, link, live);
      if (plan.differences.length === 0) return { kind: 'same', file, syncId: link.sync_id };
      if (plan.drift.conflicts.length > 0 && !force) return { kind: 'conflict', file, plan };
      return { kind: 'update', file, loaded, plan, forced: plan.drift.conflicts.length > 0 };
    } catch (error) {
      return { kind: 'error', file, message: `${file}: ${describeSyncError(error, link.sync_id)}; it was not applied.`, code: 1 };
    }
  }, (done) => bar.update(done));
  bar.end();

  for (const step of steps) printPlan(io, step);
  const todo = steps.filter((s): s is Extract<Step, { kind: 'update' | 'create' }> => s.kind === 'update' || s.kind === 'create');
  const refused = steps.filter((s) => s.kind === 'error' || s.kind === 'conflict');
  const badUsage = problems.length > 0 || steps.some((s) => s.kind === 'error' && s.code === 2);
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
      const problem = await linkCreatedFile(io, api, step.loaded, outcome.sync);
      if (problem) {
        io.stderr(`polysync apply: ${step.file}: created bulk sync ${outcome.sync.id}, but ${problem}; add "polysync": {"sync_id": "${outcome.sync.id}"} to the file by hand.\n`);
        return false;
      }
      io.stdout(`${step.file}: created bulk sync ${outcome.sync.id} and linked the file to it\n`);
      return true;
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
    return true;
  }, (done) => applying.update(done));
  applying.end();
  if (badUsage) return 2;
  return outcomes.every(Boolean) && refused.length === 0 ? 0 : 1;
}

function printPlan(io: CliIO, step: Step): void {
  switch (step.kind) {
    case 'error':
      io.stderr(`polysync apply: ${step.message}\n`);
      return;
    case 'same':
      io.stdout(`${step.file}: up to date with bulk sync ${step.syncId}\n`);
      return;
    case 'create':
      io.stdout(`${step.file}: create a new bulk sync${step.name ? ` "${step.name}"` : ''} and link the file to it\n`);
      return;
    case 'conflict': {
      const { drift } = step.plan;
      const who = drift.updatedBy ? ` by ${drift.updatedBy}` : '';
      const when = drift.updatedAt ? ` (last change ${drift.updatedAt}${who})` : '';
      if (drift.unnamed) {
        io.stderr(`polysync apply: ${step.file}: bulk sync ${step.plan.syncId} was changed in Polytomic since the file was last pulled or applied${when}; the link has no fingerprints, so the fields cannot be named. Not applied: run "polysync diff ${step.file}", pull it again, or apply with --force to overwrite.\n`);
      } else {
        io.stderr(`polysync apply: ${step.file}: changed in Polytomic since the file was last pulled or applied${when}: ${drift.conflicts.join(', ')}. Not applied: pull it again and redo your edit, or apply with --force to overwrite those changes.\n`);
      }
      return;
    }
    case 'update': {
      const { plan } = step;
      io.stdout(`${step.file}: update bulk sync ${plan.syncId}${step.forced ? ` (--force: overwrites changes made in Polytomic to ${plan.drift.conflicts.join(', ')})` : ''}\n`);
      for (const d of plan.differences) io.stdout(`  ${d.path}: ${showValue(d.live)} -> ${showValue(d.file)}\n`);
      if (plan.put) io.stdout('  sends: PUT the full settings (what the file leaves out is reset to its default)\n');
      if (plan.schemaChanges.length) {
        const names = plan.schemaChanges.map((s) => (s.enabled === false ? `${s.id} (removed)` : s.id));
        io.stdout(`  sends: PATCH schemas ${names.join(', ')}\n`);
      }
    }
  }
}
