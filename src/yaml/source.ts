/**
 * YAML with source positions, shared by the scenario and manifest loaders: parse a file into
 * documents that remember where every node came from, and turn a path inside a document
 * (`['spec', 'faults', 2, 'for']`) into `file:line:col`.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import { InputError, type SourcePos } from '../errors.js';
import { checkInputFile, checkYamlDocument, checkYamlText, escapeControls, MAX_DEPTH, type ItemBudget } from './limits.js';

/** A parsed YAML file: its documents and the line index to place their nodes. */
export interface YamlFile {
  /** The path as shown to the user (relative to where they ran, or as written in the scenario). */
  display: string;
  text: string;
  docs: Document.Parsed[];
  lines: LineCounter;
}

/** A segment of a path into a YAML document: a map key or a sequence index. */
export type PathSegment = string | number;

/** Reads and parses a file; a missing file or a YAML syntax error is an `InputError` with its position. */
export function readYamlFile(path: string, given: string, referencedFrom?: SourcePos, budget?: ItemBudget): YamlFile {
  // The name as given may hold control characters (a file name can): every message shows it escaped.
  const display = escapeControls(given);
  let text: string;
  checkInputFile(path, display, referencedFrom);
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, expected a YAML file' : `cannot read (${code ?? String(err)})`;
    throw new InputError(`${display}: ${why}`, referencedFrom);
  }
  return parseYamlText(text, display, budget);
}

/**
 * Parses YAML text (multi-document); the first syntax error becomes an `InputError`, and so does
 * anything past the limits of limits.ts (control characters, document count, nesting depth).
 */
export function parseYamlText(text: string, display: string, budget?: ItemBudget): YamlFile {
  checkYamlText(text, display, budget);
  const lines = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    // The composer recurses per nesting level; checkYamlText bounds flow nesting, this catches the rest.
    if (err instanceof RangeError) throw new InputError(`YAML nested more than ${MAX_DEPTH} levels deep`, { file: display, line: 1, col: 1 });
    throw err;
  }
  const list = Array.isArray(docs) ? docs : [docs as unknown as Document.Parsed];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const { line, col } = lines.linePos(err.pos[0]);
      throw new InputError(`YAML syntax error: ${firstLine(err.message)}`, { file: display, line, col });
    }
    checkYamlDocument(doc, lines, display);
  }
  return { display, text, docs: list, lines };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** Position of a node (its first character). */
export function nodePos(file: YamlFile, node: Node | null | undefined): SourcePos {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = file.lines.linePos(offset);
  return { file: file.display, line, col };
}

/** Position of a whole document (its first content node, or the document start). */
export function docPos(file: YamlFile, doc: Document.Parsed): SourcePos {
  return nodePos(file, (doc.contents as Node | null) ?? undefined);
}

/**
 * Position of the node at `path` in `doc`. When the path leads to a key that is absent, the
 * position is that of the deepest node that exists (the map that lacks the key). With `key: true`
 * the position is that of the map key itself (for "unknown field" messages).
 */
export function pathPos(file: YamlFile, doc: Document.Parsed, path: readonly PathSegment[], opts: { key?: boolean } = {}): SourcePos {
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p: Pair) => (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) break;
      if (opts.key && i === path.length - 1) return nodePos(file, pair.key as Node);
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      node = node.items[seg];
    } else {
      break;
    }
  }
  return nodePos(file, node as Node);
}

/** Renders a path for messages: `spec.faults[2].for`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}
