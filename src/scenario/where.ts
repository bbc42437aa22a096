/**
 * Positions inside the scenario file, for the checks that run after schema validation (names,
 * cross-field rules): `where.fail(['spec', 'faults', 2, 'for'], 'expected …')` throws an
 * `InputError` at that node with the path in front of the message.
 */
import type { Document } from 'yaml';
import { InputError, type SourcePos } from '../errors.js';
import { formatPath, pathPos, type PathSegment, type YamlFile } from '../yaml/source.js';

/** The scenario document and helpers to point into it. */
export class Where {
  constructor(
    readonly file: YamlFile,
    readonly doc: Document.Parsed,
  ) {}

  /** The position of the node at `path` (or of its key with `key: true`). */
  pos(path: readonly PathSegment[], opts: { key?: boolean } = {}): SourcePos {
    return pathPos(this.file, this.doc, path, opts);
  }

  /** Whether the document has a node at `path` (to point at the field the user wrote). */
  has(path: readonly PathSegment[]): boolean {
    return this.doc.hasIn(path);
  }

  /** An `InputError` at `path`, its message prefixed with the path. */
  error(path: readonly PathSegment[], message: string, hint?: string, opts: { key?: boolean } = {}): InputError {
    return new InputError(`${formatPath(path)}: ${message}`, this.pos(path, opts), hint);
  }

  /** Throws `error(path, message, hint)`. */
  fail(path: readonly PathSegment[], message: string, hint?: string): never {
    throw this.error(path, message, hint);
  }
}
