/**
 * A headless Chromium for browser tests, the same on every machine: the one `npm install` brings
 * in @sparticuz/chromium (a Brotli-packed headless build inside the package), driven by
 * playwright-core. No system browser, no apt, no download at test time.
 *
 *   const browser = await launchBrowser();          // a fresh profile, 1600×1000 viewport
 *   const page = await browser.context.newPage();
 *   await page.screenshot({ path: join(screenshotDir(), 'mine.png') });
 *   await browser.close();                          // closes Chromium and removes the profile
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sparticuz from '@sparticuz/chromium';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from '../cli/run.js';

/**
 * Plain headless flags. The package's own `chromium.args` are for AWS Lambda (`--single-process`,
 * `--headless='shell'`, …) and fail to start on an ordinary Linux machine; the network-quiet flags
 * keep the browser from calling home, so a test can assert that the page requested nothing.
 */
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--headless=new', '--no-zygote',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The package's version (its exports map hides package.json from `import`). */
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@sparticuz/chromium/package.json'), 'utf8')) as { version: string }).version;

/**
 * Where the unpacked browser is kept between runs (the unpacking takes a few seconds), per package
 * version and per user: a copy left in a shared /tmp by another user (root's, mode 0700) must not
 * stop this one from unpacking its own.
 */
const CACHE = join(tmpdir(), `kubeblast-chromium-${VERSION}-${process.getuid?.() ?? 'user'}`);

/** A launched browser: a fresh persistent context, and `close` to end it and remove its profile. */
export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Unpacks the packaged Chromium once into CACHE and returns the binary's path. The package unpacks
 * into `os.tmpdir()` and trusts whatever it finds there, so several test files (or engineers)
 * starting at once could launch a half-written binary: each unpacks into a private staging
 * directory instead (TMPDIR pointed at it for the call) and renames it into place, an atomic step
 * that only the first one wins.
 */
async function executable(): Promise<string> {
  const binary = join(CACHE, 'chromium');
  if (existsSync(binary)) return binary;
  const stage = mkdtempSync(`${CACHE}-stage-`);
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = stage;
  try {
    await sparticuz.executablePath();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  writeFileSync(join(stage, 'fonts.conf'), fontsConf());
  chmodSync(stage, 0o755); // mkdtemp makes it private; another user of this /tmp may need the browser too
  try {
    renameSync(stage, CACHE);
  } catch {
    // Another process renamed its copy first (the target is a non-empty directory): use that one.
    rmSync(stage, { recursive: true, force: true });
  }
  if (!existsSync(binary)) throw new Error(`@sparticuz/chromium did not unpack a browser into ${CACHE}`);
  return binary;
}

/**
 * A fontconfig file for the packaged fonts: the package's own fonts.conf names /tmp/fonts, where
 * it would have unpacked them. System fonts are added where the machine has any (more glyphs);
 * the packaged Open Sans alone already makes every Latin text render.
 */
function fontsConf(): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${join(CACHE, 'fonts', 'fonts')}</dir>`,
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    `  <cachedir>${join(CACHE, 'fonts-cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

/** Launches headless Chromium with a fresh profile (no cache or state from earlier runs). */
export async function launchBrowser(viewport = { width: 1600, height: 1000 }): Promise<LaunchedBrowser> {
  const executablePath = await executable();
  const profile = mkdtempSync(join(tmpdir(), 'kubeblast-profile-'));
  // The packaged fonts (unpacked beside the binary) make text render with or without system fonts.
  const env = { ...process.env, FONTCONFIG_FILE: join(CACHE, 'fonts.conf') } as Record<string, string>;
  const context = await chromium.launchPersistentContext(profile, { executablePath, args: ARGS, env, viewport });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The directory screenshots go to (test-results/, git-ignored), created on first use. */
export function screenshotDir(): string {
  const dir = join(ROOT, 'test-results');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Writes `html` to `file`, opens it in a new page of `browser` and returns the page with what it
 * logged as an error or warning, threw, or requested besides the file itself (a report must be
 * self-contained and quiet).
 */
export async function openHtml(browser: LaunchedBrowser, file: string, html: string): Promise<{ page: Page; problems: string[] }> {
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}
