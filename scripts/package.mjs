// Packages the extension as dist/polysync.vsix, with every check of vsce on (relative links are
// rewritten, images must come from https addresses). `npm run package`; the CI and release workflows
// run this same script.
//
// The VSIX's README is the Marketplace page. Its pictures are files in images/, which vsce turns
// into https addresses of the repository that package.json's "repository" names. The repository
// does not name one itself: the release workflow sets it from the GitHub repository it runs in
// (`npm pkg set repository.url=...`), which npm's provenance needs too. Where no repository is
// named (a local clone, CI outside GitHub), the VSIX gets a copy of the README whose pictures are
// replaced by their descriptions, so packaging still passes every other check; it says so.
//
// Options: --out FILE (default dist/polysync.vsix); POLYSYNC_RELEASE_REF (a tag or commit) makes
// the picture addresses point at that ref instead of the default branch.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : join('dist', 'polysync.vsix');

/** A README for a package that names no repository: each picture becomes its description in italics. */
function withoutPictures(markdown) {
  return markdown.replace(/!\[([^\]]*)\]\([^)\s]+\)/g, (_, alt) => `*(Picture: ${alt})*`);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, ['esbuild.mjs', '--production']);

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const args = ['package', '--no-dependencies', '--out', out];
if (repository) {
  const ref = process.env.POLYSYNC_RELEASE_REF;
  if (ref) args.push('--githubBranch', ref);
} else {
  const readme = join(root, 'dist', 'README.vsix.md');
  mkdirSync(dirname(readme), { recursive: true });
  writeFileSync(readme, withoutPictures(readFileSync(join(root, 'README.md'), 'utf8')));
  args.push('--allow-missing-repository', '--readme-path', relative(root, readme));
  console.log('package: package.json names no repository, so the VSIX README shows the pictures\' descriptions instead of the pictures');
}
run(process.execPath, [vsce, ...args]);
