/**
 * Every relative link in every Markdown file of the repository resolves: the file (or folder)
 * exists, and a `#anchor` names a heading of the target as GitHub slugs it (lower case, spaces to
 * hyphens, punctuation dropped, `-1`, `-2` … for repeats). Links inside code are not links.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run.js';

const SKIP = new Set(['node_modules', '.git', 'dist', 'reports', 'coverage']);

/** Markdown files under `dir`, relative to the root. */
function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [relative(ROOT, path)] : [];
  });
}

/** The text without fenced code blocks. */
function withoutFences(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The text without fenced code blocks and inline code spans. */
function prose(text: string): string {
  return withoutFences(text).replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors of a Markdown text. */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  // A heading's code spans keep their text in the anchor.
  for (const m of withoutFences(text).replace(/`([^`\n]*)`/g, '$1').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Relative link targets of a Markdown text: inline links, images and reference definitions. */
export function links(text: string): string[] {
  const body = prose(text);
  const inline = [...body.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const refs = [...body.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/gm)].map((m) => m[1]);
  return [...inline, ...refs].filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l));
}

/** Why a link from `file` does not resolve, or null. */
function problem(file: string, link: string): string | null {
  const [path, anchor] = link.split('#', 2) as [string, string | undefined];
  const target = path === '' ? resolve(ROOT, file) : resolve(ROOT, dirname(file), decodeURIComponent(path));
  if (!existsSync(target)) return `${file}: ${link}: no such file`;
  if (anchor === undefined || anchor === '' || statSync(target).isDirectory() || !target.endsWith('.md')) return null;
  return anchors(readFileSync(target, 'utf8')).has(decodeURIComponent(anchor).toLowerCase()) ? null : `${file}: ${link}: no heading #${anchor}`;
}

describe('Markdown links', () => {
  it('helpers: anchors as GitHub makes them, links outside code', () => {
    expect([...anchors('# The objective, `slo`, `any` and `full`\n## t = 0 and the boot\n## A\n## A\n```\n# not a heading\n```')])
      .toEqual(['the-objective-slo-any-and-full', 't--0-and-the-boot', 'a', 'a-1']);
    expect(links('[a](docs/x.md#y) [b](https://e.org) `[c](no.md)`\n```\n[d](no.md)\n```\n[e]: ./f.md\n![g](img.png)'))
      .toEqual(['docs/x.md#y', 'img.png', './f.md']);
  });

  const files = markdownFiles(ROOT);

  it('finds the docs', () => {
    for (const f of ['README.md', 'docs/scenario.md', 'docs/outputs.md', 'docs/model.md', 'docs/architecture.md']) expect(files).toContain(f);
  });

  it.each(files)('every relative link of %s resolves', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(links(text).map((l) => problem(file, l)).filter((p) => p !== null)).toEqual([]);
  });
});
