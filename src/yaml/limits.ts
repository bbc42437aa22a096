/**
 * Limits on YAML input, checked before anything large is allocated (issue 14): what a file may be
 * (a regular file of at most MAX_FILE_BYTES), how many documents it may hold, how deep it may nest,
 * and that no string carries a control character (they would reach the terminal and file names).
 * The limits are kubeblast's own (inferred: far above any real manifest set, far below what makes
 * the YAML composer recurse out of stack or take seconds); each message states the limit.
 */
import { statSync, type Stats } from 'node:fs';
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { InputError, type SourcePos } from '../errors.js';

/** Largest input file read, in bytes (8 MiB). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Most YAML documents in one file. */
export const MAX_DOCUMENTS = 20_000;
/**
 * Most YAML items (lines plus commas: a bound on the nodes the parser builds) in the manifests of
 * one scenario, all files together; measured at about 1 µs… 20 µs and 1–2 KiB per node, so the
 * limit keeps loading under a few seconds and a few hundred MiB.
 */
export const MAX_ITEMS = 200_000;

/** What is left of MAX_ITEMS for the files still to read; share one between the files of a scenario. */
export interface ItemBudget {
  left: number;
}
/** Deepest nesting of mappings and sequences. */
export const MAX_DEPTH = 64;
/** Most alias expansions when a document becomes plain data (the `yaml` package's maxAliasCount). */
export const MAX_ALIAS_COUNT = 100;
/** Longest piece of a bad value quoted in a message. */
export const QUOTE_CHARS = 80;

// C0 controls but tab, LF and CR; DEL; C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f]/g;

/** `text` with every control character written as `\xHH` (safe to print on a terminal). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL_ALL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A value quoted for a message: control characters escaped, cut to QUOTE_CHARS characters. */
export function quote(value: string): string {
  const cut = value.length > QUOTE_CHARS ? `${value.slice(0, QUOTE_CHARS)}…` : value;
  return `"${escapeControls(cut)}"`;
}

/** The first control character of `s` as `U+00HH`, or null. */
export function controlCharIn(s: string): string | null {
  const m = CONTROL.exec(s);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

function kindOf(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Refuses anything but a regular file of at most MAX_FILE_BYTES, before opening it: reading a FIFO
 * blocks forever, a device never ends. A missing file is left to the reader (its own message).
 */
export function checkInputFile(path: string, display: string, referencedFrom?: SourcePos): void {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    return;
  }
  const kind = kindOf(st);
  // The scenario itself has no referring node: its own first character stands for it.
  const at = referencedFrom ?? { file: display, line: 1, col: 1 };
  if (kind) throw new InputError(`${escapeControls(display)}: is ${kind}, expected a regular file (a YAML file)`, at);
  if (st.size > MAX_FILE_BYTES) {
    throw new InputError(`${escapeControls(display)}: ${st.size} bytes is larger than the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit for one file`, at);
  }
}

function posOf(text: string, offset: number, file: string): SourcePos {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { file, line, col: offset - start + 1 };
}

/**
 * Checks raw text before the YAML parser sees it: control characters, the document count, and the
 * nesting of flow collections (`[[[[…`), which the composer would follow by recursion. One pass.
 */
export function checkYamlText(text: string, display: string, budget: ItemBudget = { left: MAX_ITEMS }): void {
  const bad = CONTROL.exec(text);
  if (bad) {
    throw new InputError(`control character ${controlCharIn(bad[0])} in the file; YAML and Kubernetes names allow none`, posOf(text, bad.index, display));
  }
  let docs = 0;
  for (let i = text.startsWith('---') ? 0 : text.indexOf('\n---'); i >= 0; i = text.indexOf('\n---', i + 1)) {
    if (++docs > MAX_DOCUMENTS) throw new InputError(`more than ${MAX_DOCUMENTS} YAML documents in one file`, posOf(text, i + 1, display));
  }
  const found = scanFlow(text, budget);
  if (found.what === 'items') {
    throw new InputError(`more than ${MAX_ITEMS} YAML items (lines and list elements) in this file and those read before it`, posOf(text, found.at, display));
  }
  if (found.what === 'depth') throw new InputError(`YAML nested more than ${MAX_DEPTH} levels deep`, posOf(text, found.at, display));
}

const OPENS_QUOTE = new Set([undefined, ' ', '\t', '\n', '[', '{', ',', ':', '-']);

/**
 * Where flow nesting passes MAX_DEPTH, or the lines and commas outrun the budget; skips quoted
 * strings and comments.
 */
function scanFlow(text: string, budget: ItemBudget): { what: 'ok' | 'depth' | 'items'; at: number } {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === ',' || c === '\n') && --budget.left < 0) return { what: 'items', at: i };
    if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) return { what: 'depth', at: i };
    } else if (c === ']' || c === '}') {
      if (depth > 0) depth--;
    } else if (c === '#' && OPENS_QUOTE.has(text[i - 1])) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if ((c === '"' || c === "'") && OPENS_QUOTE.has(text[i - 1])) {
      i = closingQuote(text, i);
    } else if (c === '\n') {
      // A block line at indentation 0 ends every flow collection a malformed line left open.
      if (text[i + 1] !== ' ' && text[i + 1] !== '\t') depth = 0;
    }
  }
  return { what: 'ok', at: -1 };
}

function closingQuote(text: string, open: number): number {
  const q = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (q === '"' && text[i] === '\\') i++;
    else if (text[i] === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length;
}

/**
 * Walks a parsed document without recursion: nesting deeper than MAX_DEPTH, and control characters
 * that escapes (`"\e"`, `"\x07"`) put into a string or key, are `InputError`s at their node.
 */
export function checkYamlDocument(doc: Document.Parsed, lines: LineCounter, display: string): void {
  const at = (node: Node): SourcePos => ({ file: display, ...lines.linePos(node.range?.[0] ?? 0) });
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isScalar(node)) {
      const control = typeof node.value === 'string' ? controlCharIn(node.value) : null;
      if (control) throw new InputError(`control character ${control} in a string: ${quote(node.value as string)}`, at(node));
    } else if (isMap(node) || isSeq(node)) {
      if (depth >= MAX_DEPTH) throw new InputError(`YAML nested more than ${MAX_DEPTH} levels deep`, at(node));
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          stack.push({ node: item.key, depth: depth + 1 });
          stack.push({ node: item.value, depth: depth + 1 });
        } else stack.push({ node: item, depth: depth + 1 });
      }
    } else if (!isAlias(node) && node !== null && node !== undefined && isPair(node)) {
      stack.push({ node: node.value, depth });
    }
  }
}

/** The document as plain data; an alias bomb (more than MAX_ALIAS_COUNT expansions) is an `InputError`. */
export function toPlainData(doc: Document.Parsed, pos: SourcePos): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof RangeError && /call stack/i.test(err.message)) throw new InputError(`YAML nested more than ${MAX_DEPTH} levels deep`, pos);
    const message = err instanceof Error ? err.message : String(err);
    const what = /excessive alias/i.test(message) ? `too many YAML aliases (more than ${MAX_ALIAS_COUNT} expansions): an alias bomb?` : `YAML error: ${message}`;
    throw new InputError(what, pos);
  }
}
