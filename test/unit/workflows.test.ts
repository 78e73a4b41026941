// The CI and release workflows: the release publishes what it built and tested once, to the four
// places, with secrets only by name and the OIDC permission only where npm provenance needs it; CI runs
// the same packaging without publishing. (They run on GitHub; here their shape is what can be checked.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { load } from 'js-yaml';

const root = path.resolve(__dirname, '..', '..');
const text = (name: string) => readFileSync(path.join(root, '.github', 'workflows', name), 'utf8');
type Step = { run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, unknown> };
type Job = { steps: Step[]; permissions?: Record<string, string>; needs?: string | string[] };
const workflow = (name: string) => load(text(name)) as { on: any; permissions?: Record<string, string>; jobs: Record<string, Job> };
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

test('release: a version tag builds once, then publishes to the Marketplace, Open VSX, npm with provenance and a GitHub release', () => {
  const release = workflow('release.yml');
  assert.deepEqual(release.on, { push: { tags: ['v*.*.*'] } });
  assert.deepEqual(release.permissions, { contents: 'read' });
  const { build, marketplace, 'open-vsx': openVsx, npm, 'github-release': github } = release.jobs;
  assert.match(runs(build), /npm test/);
  assert.match(runs(build), /npm run package/);
  assert.match(runs(build), /npm pack/);
  assert.match(runs(marketplace), /vsce publish --packagePath/);
  assert.match(runs(openVsx), /ovsx@[\d.]+ publish/);
  assert.match(runs(npm), /npm publish .* --provenance/);
  assert.deepEqual(npm.permissions, { contents: 'read', 'id-token': 'write' });
  assert.match(runs(github), /gh release create .*polysync\.vsix/s);
  assert.deepEqual(github.permissions, { contents: 'write' });
  for (const job of [marketplace, openVsx, npm]) assert.equal(job.needs, 'build', 'publishes what build made and tested');
  // Only these jobs may hold id-token or write permissions.
  for (const [name, job] of Object.entries(release.jobs)) {
    if (name !== 'npm') assert.ok(!job.permissions?.['id-token'], `${name} has no id-token`);
  }
});

test('secrets are named, never written: only the three publishing tokens, each in its own job', () => {
  const release = text('release.yml');
  const named = [...release.matchAll(/\$\{\{\s*secrets\.(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
  assert.deepEqual(named, ['NPM_TOKEN', 'OVSX_PAT', 'VSCE_PAT']);
  assert.doesNotMatch(release + text('ci.yml'), /(ghp_|npm_[A-Za-z0-9]{20}|pat\s*[:=]\s*['"][^$])/i);
  assert.doesNotMatch(text('ci.yml'), /secrets\./, 'CI publishes nothing and needs no secret');
});

test('no invented repository: both workflows take it from the GitHub repository they run in', () => {
  for (const name of ['release.yml', 'ci.yml']) {
    assert.match(text(name), /npm pkg set repository\.type=git "repository\.url=git\+\$GITHUB_SERVER_URL\/\$GITHUB_REPOSITORY\.git"/, name);
  }
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.equal(manifest.repository, undefined, 'package.json itself names none');
  assert.equal(manifest.scripts.package, 'node scripts/package.mjs');
  assert.doesNotMatch(readFileSync(path.join(root, 'scripts', 'package.mjs'), 'utf8'), /no-rewrite-relative-links/);
});

test('CI runs the suites on Node 20, 22 and 24, the same packaging, and the action from the package', () => {
  const ci = workflow('ci.yml');
  assert.deepEqual((ci.jobs.test as any).strategy.matrix.node, [20, 22, 24]);
  assert.match(runs(ci.jobs.test), /npm ci .*--engine-strict/);
  assert.match(runs(ci.jobs.package), /npm run package/);
  assert.match(runs(ci.jobs.package), /npm pack/);
  assert.doesNotMatch(text('ci.yml'), /vsce publish|ovsx|npm publish/);
  const actionSteps = ci.jobs.action.steps.filter((s) => s.uses === './');
  assert.equal(actionSteps.length, 2, 'the action passes on the examples and fails on a broken file');
  assert.match(runs(ci.jobs.action), /pre-commit try-repo \. polysync-check/);
});
