/**
 * The `faults` list of a scenario → `FaultTimeline`. Each entry has exactly one kind key
 * (`zone-outage: eu-west-b`) plus `at`, `for`, `every`, `count`, or is a `random` entry that
 * draws failures for every domain of a level. Names are resolved here, so a typo is an error at
 * load time rather than a silent no-op an hour into the run.
 */
import { didYouMean } from '../yaml/suggest.js';
import { z } from 'zod';
import { InputError } from '../errors.js';
import {
  FAULT_KINDS, isInstantaneous, RANDOM_STARTS, type FaultKind, type FaultTimeline, type RandomFaults, type RandomLevel, type ScheduledFault,
} from '../faults/types.js';
import type { ManifestSet, Warning } from '../manifests/types.js';
import type { Topology } from '../topology/types.js';
import { formatDuration } from '../units/duration.js';
import { zodToInputError } from '../yaml/zod.js';
import type { PathSegment } from '../yaml/source.js';
import { KIND_VALUE, resolveTarget } from './fault-targets.js';
import { distribution, duration, positiveDuration, positiveInt, show } from './forms.js';
import { expandProfile, PROFILE_NAMES, PROFILES } from './profiles.js';
import type { Where } from './where.js';

const TIMING_KEYS = ['at', 'for', 'every', 'count'];

/** The fault each random level fails (faults/types.ts `RandomFaults.kind`). */
const RANDOM_KIND: Record<RandomLevel, FaultKind> = {
  node: 'node-crash', rack: 'rack-power', zone: 'zone-outage', region: 'region-outage', 'control-plane': 'control-plane-crash',
};

const LEVELS = ['node', 'rack', 'zone', 'region', 'control-plane'] as const;

// How the domains start at t = 0 (faults/types.ts `RandomFaults.start`); equilibrium when absent.
const start = z.enum(RANDOM_STARTS, {
  error: (i) => `expected equilibrium (each domain up or down with its long-run odds, part-way through, the default) or new (every domain freshly repaired at t = 0), got ${show(i.input)}`,
}).optional();

const randomSchema = z.strictObject({
  random: z.strictObject({
    level: z.enum(LEVELS),
    // A plain duration for mtbf/mttr is the mean of an exponential (two-state Markov model).
    mtbf: distribution('exponential'),
    mttr: distribution('exponential'),
    start,
  }),
});

const profileSchema = z.strictObject({
  random: z.strictObject({
    profile: z.string().refine((p) => PROFILE_NAMES.includes(p), {
      error: (i) => `unknown profile ${show(i.input)}; expected one of ${PROFILE_NAMES.join(', ')}`,
    }),
    // Multiplies every failure rate of the profile (2 = twice as many failures).
    scale: z.number({ error: (i) => `expected a positive number, got ${show(i.input)}` })
      .positive({ error: (i) => `expected a positive number, got ${show(i.input)}` }).optional(),
    levels: z.array(z.enum(LEVELS)).min(1, 'expected one or more levels').optional(),
    start,
  }),
});

const timing = { at: duration.optional(), for: duration.optional(), every: positiveDuration.optional(), count: positiveInt.optional() };

/** What fault parsing needs from the rest of the scenario. */
export interface FaultContext {
  where: Where;
  topology: Topology;
  manifests: ManifestSet;
  defaultNamespace: string;
  durationUs: number;
  warnings: Warning[];
}

/** Parses and resolves `spec.faults`. */
export function parseFaults(entries: Record<string, unknown>[] | undefined, ctx: FaultContext): FaultTimeline {
  const timeline: FaultTimeline = { scheduled: [], random: [] };
  (entries ?? []).forEach((entry, i) => {
    const path: PathSegment[] = ['spec', 'faults', i];
    const kind = entryKind(entry, path, ctx.where);
    if (kind === 'random') timeline.random.push(...parseRandom(entry, path, timeline.random.length, ctx));
    else timeline.scheduled.push(parseScheduled(entry, kind, path, ctx));
  });
  return timeline;
}

/** The one kind key of an entry; unknown keys and zero or two kinds are errors. */
function entryKind(entry: Record<string, unknown>, path: PathSegment[], where: Where): FaultKind | 'random' {
  const kinds: string[] = [];
  const valid = `${FAULT_KINDS.join(', ')}, or random`;
  for (const key of Object.keys(entry)) {
    if (TIMING_KEYS.includes(key)) continue;
    if (!(FAULT_KINDS as readonly string[]).includes(key) && key !== 'random') {
      throw new InputError(`${fmt(path)}: unknown fault kind "${key}"; expected one of ${valid}${didYouMean(key, [...FAULT_KINDS, 'random', ...TIMING_KEYS])}`, where.pos([...path, key], { key: true }));
    }
    kinds.push(key);
    if (kinds.length === 2) {
      throw new InputError(`${fmt(path)}: has two fault kinds, "${kinds[0]}" and "${key}"; expected one per entry (write two entries)`,
        where.pos([...path, key], { key: true }));
    }
  }
  if (kinds.length === 0) throw new InputError(`${fmt(path)}: expected a fault kind (${valid})`, where.pos(path));
  return kinds[0] as FaultKind | 'random';
}

function fmt(path: PathSegment[]): string {
  return `spec.faults[${path[2]}]`;
}

function parseRandom(entry: Record<string, unknown>, path: PathSegment[], index: number, ctx: FaultContext): RandomFaults[] {
  const timingKey = Object.keys(entry).find((k) => TIMING_KEYS.includes(k));
  if (timingKey) {
    throw new InputError(`${fmt(path)}: a random entry takes no "${timingKey}"; failures and repairs come from mtbf and mttr`,
      ctx.where.pos([...path, timingKey], { key: true }));
  }
  const value = entry.random;
  if (value !== null && typeof value === 'object' && 'profile' in value) return parseProfile(entry, path, index, ctx);
  const r = randomSchema.safeParse(entry);
  if (!r.success) throw zodToInputError(r.error, ctx.where.file, ctx.where.doc, path);
  const { level, mtbf, mttr, start } = r.data.random;
  return [{
    level, kind: RANDOM_KIND[level], mtbf, mttr, start: start ?? 'equilibrium', index, source: ctx.where.pos([...path, 'random']),
  }];
}

/** `random: { profile, scale?, levels?, start? }`: one entry per level of the profile (profiles.ts). */
function parseProfile(entry: Record<string, unknown>, path: PathSegment[], index: number, ctx: FaultContext): RandomFaults[] {
  const r = profileSchema.safeParse(entry);
  if (!r.success) throw zodToInputError(r.error, ctx.where.file, ctx.where.doc, path);
  const { profile: name, scale, levels, start } = r.data.random;
  const profile = PROFILES[name];
  const offered = profile.levels.map((l) => l.level);
  levels?.forEach((l, i) => {
    if (!offered.includes(l)) ctx.where.fail([...path, 'random', 'levels', i], `profile ${name} has no ${l} level; its levels: ${offered.join(', ')}`);
  });
  const source = ctx.where.pos([...path, 'random']);
  return expandProfile(profile, scale ?? 1, levels).map((l, k) => ({
    level: l.level, kind: RANDOM_KIND[l.level], mtbf: l.mtbf, mttr: l.mttr, start: start ?? 'equilibrium',
    profile: { name, scale: scale ?? 1 }, index: index + k, source,
  }));
}

function parseScheduled(entry: Record<string, unknown>, kind: FaultKind, path: PathSegment[], ctx: FaultContext): ScheduledFault {
  const r = z.strictObject({ ...timing, [kind]: KIND_VALUE[kind] }).safeParse(entry);
  if (!r.success) throw zodToInputError(r.error, ctx.where.file, ctx.where.doc, path);
  const v = r.data as { at?: number; for?: number; every?: number; count?: number } & Record<string, unknown>;
  const where = ctx.where;
  if (v.count !== undefined && v.every === undefined) where.fail([...path, 'count'], 'count requires every (the period of a repeated fault)');
  if (v.at === undefined && v.every === undefined) {
    throw new InputError(`${fmt(path)}: expected "at" (when the fault starts, e.g. at: 1h), or "every" for a repeated fault`, where.pos(path));
  }
  if (isInstantaneous(kind) && v.for !== undefined) where.fail([...path, 'for'], `a ${kind} is instantaneous and takes no "for"`);
  if (v.for !== undefined && v.every !== undefined && v.for >= v.every) {
    where.fail([...path, 'for'], `expected for (${formatDuration(v.for)}) shorter than every (${formatDuration(v.every)}), so occurrences do not overlap`);
  }
  const atUs = v.at ?? v.every!;
  const { target, params } = resolveTarget(kind, v[kind], {
    topology: ctx.topology, manifests: ctx.manifests, defaultNamespace: ctx.defaultNamespace,
    fail: (sub, message) => where.fail([...path, kind, ...sub], message),
  });
  if (target.type === 'partition' && target.cut === 'apiserver-etcd') {
    // ref: src/apiserver/route.ts — kubeadm's stacked topology, which kubeblast models.
    ctx.warnings.push({
      message: `${fmt(path)}: cut apiserver-etcd separates nothing: each API server talks only to the etcd member on its own host (kubeadm's stacked topology); use etcd-etcd to cut members apart, or kubelet-apiserver`,
      source: where.pos([...path, kind, 'cut']),
    });
  }
  if (atUs >= ctx.durationUs) {
    ctx.warnings.push({ message: `${fmt(path)} starts at ${formatDuration(atUs)}, after the run ends (${formatDuration(ctx.durationUs)}); it never happens`, source: where.pos(path) });
  }
  return {
    kind, target, atUs, forUs: v.for ?? null, everyUs: v.every ?? null, count: v.count ?? null, params, source: where.pos(path),
  };
}

/** How many times a scheduled fault starts within a run of `durationUs`. */
export function occurrenceCount(f: ScheduledFault, durationUs: number): number {
  if (f.atUs >= durationUs) return 0;
  if (f.everyUs === null) return 1;
  const n = Math.floor((durationUs - 1 - f.atUs) / f.everyUs) + 1;
  return f.count === null ? n : Math.min(n, f.count);
}

/** Start times of a scheduled fault within a run of `durationUs`, at most `limit` of them. */
export function occurrences(f: ScheduledFault, durationUs: number, limit = Infinity): number[] {
  const n = Math.min(occurrenceCount(f, durationUs), limit);
  return Array.from({ length: n }, (_, i) => f.atUs + i * (f.everyUs ?? 0));
}
