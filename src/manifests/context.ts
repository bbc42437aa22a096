/**
 * Where an object being loaded came from, and the helpers every kind's reader uses to report:
 * positioned errors (`fail`), warnings (`warn`), zod parsing with unknown-field warnings
 * (`parseObject`) and selector compilation with positioned errors (`selectorAt`).
 */
import type { Document } from 'yaml';
import type { z } from 'zod';
import { InputError, type SourcePos } from '../errors.js';
import { formatPath, pathPos, type PathSegment, type YamlFile } from '../yaml/source.js';
import { zodToInputError } from '../yaml/zod.js';
import type { ContainerDefaults } from './limitranger.js';
import { compileSelector, SelectorError, type LabelSelectorLike, type SelectorMode } from './selector.js';
import type { ManifestOptions, Selector, Warning } from './types.js';

/** Where an object is: its document, and its path inside it (`[]`, or `['items', 3]` in a List). */
export interface ObjectWhere {
  file: YamlFile;
  doc: Document.Parsed;
  prefix: readonly PathSegment[];
}

/** One object being read: where it is, the options, the shared warning list and the PriorityClasses. */
export interface ObjectCtx extends ObjectWhere {
  opts: ManifestOptions;
  warnings: Warning[];
  /** PriorityClasses found in the manifests, by name (value), and the global default if any. */
  priorityClasses: ReadonlyMap<string, number>;
  globalDefaultPriority: number | null;
  /** PriorityClasses with preemptionPolicy Never. */
  neverPreemptClasses?: ReadonlySet<string>;
  /** LimitRanger defaults of the object's namespace, when it has a LimitRange. */
  limitDefaults?: ContainerDefaults | undefined;
}

/** Position of `path` (relative to the object); with `key`, of the map key itself. */
export function posAt(ctx: ObjectWhere, path: readonly PathSegment[], key = false): SourcePos {
  return pathPos(ctx.file, ctx.doc, [...ctx.prefix, ...path], { key });
}

/** An `InputError` at `path`: `spec.replicas: <message>`. */
export function fail(ctx: ObjectWhere, path: readonly PathSegment[], message: string, hint?: string): InputError {
  const where = formatPath(path);
  return new InputError(where ? `${where}: ${message}` : message, posAt(ctx, path), hint);
}

/** Records a warning at `path`. */
export function warn(ctx: ObjectWhere & { warnings: Warning[] }, path: readonly PathSegment[], message: string): void {
  const where = formatPath(path);
  ctx.warnings.push({ message: where ? `${where}: ${message}` : message, source: posAt(ctx, path) });
}

/**
 * Parses `raw` with `schema` (an `InputError` at the offending node on failure) and warns for
 * each field `strict` (the same schema rejecting unknown fields) does not know, as the API
 * server's default field validation does.
 */
export function parseObject<S extends z.ZodType>(ctx: ObjectCtx, raw: unknown, schema: S, strict: z.ZodType): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw zodToInputError(parsed.error, ctx.file, ctx.doc, ctx.prefix);
  const checked = strict.safeParse(raw);
  if (!checked.success) {
    const unknown: Warning[] = [];
    for (const issue of checked.error.issues) {
      if (issue.code !== 'unrecognized_keys') continue;
      for (const key of issue.keys) {
        const path = [...(issue.path as PathSegment[]), key];
        unknown.push({ message: `unknown field "${formatPath(path)}"`, source: posAt(ctx, path, true) });
      }
    }
    // zod reports inner objects first; list them in file order.
    unknown.sort((a, b) => a.source.line - b.source.line || a.source.col - b.source.col);
    ctx.warnings.push(...unknown);
  }
  return parsed.data;
}

/** Compiles the selector at `path`; a bad selector is an `InputError` at the offending node. */
export function selectorAt(ctx: ObjectCtx, path: readonly PathSegment[], ls: LabelSelectorLike | null | undefined, mode: SelectorMode): Selector {
  try {
    return compileSelector(ls, mode);
  } catch (err) {
    if (err instanceof SelectorError) throw fail(ctx, [...path, ...err.path], err.message);
    throw err;
  }
}
