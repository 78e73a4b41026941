// README.md is also the extension's page on the VS Code Marketplace and Open VSX, and CHANGELOG.md
// is shown there too. Those pages cannot follow a link into the repository, so every link must be an
// https address or a heading of the same page. Pictures are the one kind of path allowed: files in
// images/, which packaging turns into https addresses of the repository (scripts/package.mjs).
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { headingAnchors, links } from './markdown';

const root = path.resolve(__dirname, '..', '..');
const read = (name: string) => readFileSync(path.join(root, name), 'utf8');
const MAX_PICTURE_BYTES = 150 * 1024;

/** What is wrong with each link of a Marketplace page, as `file:line: target: why`. */
function badLinks(name: string, markdown: string): string[] {
  const anchors = headingAnchors(markdown);
  const problems: string[] = [];
  for (const { line, image, target } of links(markdown)) {
    const where = `${name}:${line}: ${target}`;
    if (image) {
      if (/^https:\/\//.test(target)) continue;
      if (!/^images\/[\w.-]+\.png$/.test(target)) {
        problems.push(`${where}: a picture must be an https address or a PNG file in images/`);
        continue;
      }
      let size: number;
      try {
        size = statSync(path.join(root, target)).size;
      } catch {
        problems.push(`${where}: no such file`);
        continue;
      }
      if (size > MAX_PICTURE_BYTES) problems.push(`${where}: ${size} bytes; keep pictures under ${MAX_PICTURE_BYTES}`);
      const signature = readFileSync(path.join(root, target)).subarray(0, 8).toString('hex');
      if (signature !== '89504e470d0a1a0a') problems.push(`${where}: not a PNG file`);
    } else if (target.startsWith('#')) {
      if (!anchors.has(target.slice(1))) problems.push(`${where}: no heading with this anchor on the page`);
    } else if (!/^(https:\/\/|mailto:)/.test(target)) {
      problems.push(`${where}: a relative or non-https link, which the Marketplace cannot follow`);
    }
  }
  return problems;
}

test('the link reader finds what the check must refuse', () => {
  const sample = [
    'See [the docs](docs/features.md), [a heading](#nowhere), <a href="CONTRIBUTING.md">this</a>,',
    '![a picture](media/x.svg) and [ok](https://example.com) and [fine](#a-heading).',
    '[ref]: ./LICENSE',
    '# A heading',
    '```md',
    '[inside code](not/a/link.md) is not a link',
    '```',
  ].join('\n');
  assert.deepEqual(
    badLinks('sample.md', sample).map((p) => p.replace(/^sample\.md:\d+: /, '')),
    [
      'docs/features.md: a relative or non-https link, which the Marketplace cannot follow',
      '#nowhere: no heading with this anchor on the page',
      'CONTRIBUTING.md: a relative or non-https link, which the Marketplace cannot follow',
      'media/x.svg: a picture must be an https address or a PNG file in images/',
      './LICENSE: a relative or non-https link, which the Marketplace cannot follow',
    ],
  );
});

for (const name of ['README.md', 'CHANGELOG.md']) {
  test(`${name} has only absolute or in-page links, and pictures from images/`, () => {
    assert.deepEqual(badLinks(name, read(name)), []);
  });
}

test('the README shows pictures and keeps the two set-up commands', () => {
  const readme = read('README.md');
  const pictures = links(readme).filter((l) => l.image);
  assert.ok(pictures.length >= 3, `pictures: ${pictures.map((p) => p.target).join(', ')}`);
  assert.match(readme, /```sh\n\s*npm ci && npm run demo\n/);
  assert.match(readme, /```sh\n\s*bash \.ci\/run\n/);
  assert.doesNotMatch(readme, /^## Development/m, 'contributor material lives in CONTRIBUTING.md');
});
