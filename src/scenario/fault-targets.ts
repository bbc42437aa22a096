/**
 * The value of each fault kind (design.md §3) — its zod shape and how its names resolve against
 * the topology and manifests into a `FaultTarget` and parameters.
 */
import { z } from 'zod';
import type { FaultKind, FaultTarget, ScheduledFault } from '../faults/types.js';
import { MOVING_TARGETS, type MovingTarget } from '../faults/types.js';
import type { ManifestSet } from '../manifests/types.js';
import type { HostId, Topology } from '../topology/types.js';
import type { PathSegment } from '../yaml/source.js';
import { duration, nonNegativeInt } from './forms.js';
import { IMAGE_FAILURES } from '../kubelet/appfaults.js';
import { didYouMean } from '../yaml/suggest.js';
import { domainHosts, domainNodes, existing, hostsOf, lookup, nameHint, resolveWorkload } from './names.js';

/** A string, or a mapping whose `field` the string form stands for. */
const stringOr = <T extends z.ZodType>(field: string, obj: T) => z.preprocess((v) => (typeof v === 'string' ? { [field]: v } : v), obj);

const name = z.string();
const drain = stringOr('target', z.strictObject({ target: z.string(), parallel: z.boolean().optional(), timeout: duration.optional() }));
const partition = z.strictObject({
  groups: z.array(z.array(z.string()).min(1, 'expected a non-empty list of names')).min(1, 'expected one or more groups of names'),
  cut: z.enum(['all', 'kubelet-apiserver', 'apiserver-etcd', 'etcd-etcd']).optional(),
  oneWay: z.boolean().optional(),
});
const rollout = stringOr('workload', z.strictObject({ workload: z.string(), image: z.string().optional(), fails: z.enum(IMAGE_FAILURES).optional() }));
const rollback = stringOr('workload', z.strictObject({ workload: z.string(), toRevision: nonNegativeInt.optional() }));
const podKill = stringOr('workload', z.strictObject({
  workload: z.string(), count: nonNegativeInt.optional(),
  share: z.number({ error: (i) => `expected a share between 0 and 1, got ${JSON.stringify(i.input)}` }).min(0).max(1).optional(),
}));
const containerCrash = stringOr('workload', z.strictObject({ workload: z.string() }));
const scale = z.strictObject({ workload: z.string(), replicas: nonNegativeInt });

/** The zod shape of each kind's value. */
export const KIND_VALUE: Record<FaultKind, z.ZodType> = {
  'node-crash': name, 'node-reboot': name, 'kubelet-stop': name, cordon: name, drain,
  'rack-power': name, 'zone-outage': name, 'region-outage': name,
  'etcd-member-crash': name, 'control-plane-crash': name,
  partition, rollout, scale,
  'node-delete': name, 'out-of-service': name, rollback, 'pod-kill': podKill, 'container-crash': containerCrash,
};

/** What resolution needs. */
export interface ResolveContext {
  topology: Topology;
  manifests: ManifestSet;
  defaultNamespace: string;
  /** Throws an `InputError` at `path` (relative to the fault entry's kind value). */
  fail(path: PathSegment[], message: string): never;
}

type Resolved = { target: FaultTarget; params: ScheduledFault['params'] };

/** Resolves the parsed value of a fault of `kind`. */
export function resolveTarget(kind: FaultKind, value: unknown, ctx: ResolveContext): Resolved {
  const t = ctx.topology;
  switch (kind) {
    case 'node-crash': case 'node-reboot': case 'kubelet-stop': case 'cordon': case 'node-delete': case 'out-of-service':
      return { target: nodesTarget(value as string, [], ctx), params: {} };
    case 'drain': {
      const v = value as { target: string; parallel?: boolean; timeout?: number };
      const params: Resolved['params'] = { parallel: v.parallel ?? false };
      if (v.timeout !== undefined) params.timeoutUs = v.timeout;
      return { target: nodesTarget(v.target, typeof value === 'object' ? ['target'] : [], ctx), params };
    }
    case 'rack-power': case 'zone-outage': case 'region-outage': {
      const level = kind === 'rack-power' ? 'rack' : kind === 'zone-outage' ? 'zone' : 'region';
      const hit = lookup(t, value as string);
      if (!hit || hit.level !== level) ctx.fail([], `no ${level} named "${value}"; ${existing(t, [level])}${nameHint(t, value as string, [level])}`);
      return { target: { type: 'domain', level, name: value as string, index: hit.index, hosts: domainHosts(t, level, hit.index) }, params: {} };
    }
    case 'etcd-member-crash': case 'control-plane-crash': {
      if ((MOVING_TARGETS as readonly string[]).includes(value as string)) return { target: { type: 'moving', role: value as MovingTarget }, params: {} };
      const hit = lookup(t, value as string);
      if (!hit || hit.level !== 'control-plane') {
        ctx.fail([], `no control-plane host named "${value}"; ${existing(t, ['control-plane'])}, or a moving target: ${MOVING_TARGETS.join(', ')}${didYouMean(value as string, [...t.controlPlane.map((h) => h.name), ...MOVING_TARGETS])}`);
      }
      return { target: { type: 'control-plane', name: value as string, host: hit.index }, params: {} };
    }
    case 'partition':
      return { target: partitionTarget(value as z.output<typeof partition>, ctx), params: {} };
    case 'rollout': {
      const v = value as z.output<typeof rollout>;
      const w = resolveWorkload(ctx.manifests, v.workload, ['Deployment', 'StatefulSet'], ctx.defaultNamespace);
      if (typeof w === 'string') ctx.fail(typeof value === 'object' ? ['workload'] : [], w);
      if (v.fails !== undefined && v.image === undefined) ctx.fail(['fails'], 'fails needs the image that fails (rollout: { workload, image, fails })');
      return { target: { type: 'workload', key: w.key }, params: { ...(v.image !== undefined ? { image: v.image } : {}), ...(v.fails ? { fails: v.fails } : {}) } };
    }
    case 'rollback': case 'pod-kill': case 'container-crash':
      return appTarget(kind, value as { workload: string; toRevision?: number; count?: number; share?: number }, ctx);
    case 'scale': {
      const v = value as z.output<typeof scale>;
      const w = resolveWorkload(ctx.manifests, v.workload, ['Deployment', 'ReplicaSet', 'StatefulSet'], ctx.defaultNamespace);
      if (typeof w === 'string') ctx.fail(['workload'], w);
      return { target: { type: 'workload', key: w.key }, params: { replicas: v.replicas } };
    }
  }
}

/** The workload of a rollback, pod-kill or container-crash, and its parameters. */
function appTarget(kind: FaultKind, v: { workload: string; toRevision?: number; count?: number; share?: number }, ctx: ResolveContext): Resolved {
  const kinds = kind === 'rollback' ? ['Deployment', 'StatefulSet'] as const : ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'] as const;
  const w = resolveWorkload(ctx.manifests, v.workload, [...kinds], ctx.defaultNamespace);
  if (typeof w === 'string') ctx.fail(['workload'], w);
  if (kind === 'pod-kill' && (v.count === undefined) === (v.share === undefined)) ctx.fail([], 'expected one of count (a number of pods) or share (a fraction of the workload\'s pods)');
  const params: Resolved['params'] = {};
  if (v.toRevision !== undefined) params.toRevision = v.toRevision;
  if (v.count !== undefined) params.count = v.count;
  if (v.share !== undefined) params.share = v.share;
  return { target: { type: 'workload', key: w.key }, params };
}

function nodesTarget(value: string, path: PathSegment[], ctx: ResolveContext): FaultTarget {
  const t = ctx.topology;
  const group = namedGroup(t, value, path, ctx);
  if (group === 'control-plane') ctx.fail(path, 'control-plane hosts are not worker nodes; use control-plane-crash on cp-N');
  if (group) return { type: 'nodes', name: value, nodes: t.nodes.map((n) => n.id) };
  const hit = lookup(t, value);
  if (!hit || hit.level === 'control-plane') {
    const cp = hit ? ' (a control-plane host: use control-plane-crash)' : '';
    ctx.fail(path, `no node, rack, zone or region named "${value}"${cp}; ${existing(t, ['zone', 'rack', 'node'])}; or workers (every node)${hit ? '' : didYouMean(value, [...t.regions.map((r) => r.name), ...t.zones.map((z) => z.name), ...t.racks.map((r) => r.name), ...t.nodes.map((n) => n.name), 'workers'])}`);
  }
  const nodes = hit.level === 'node' ? [hit.index] : domainNodes(t, hit.level, hit.index);
  return { type: 'nodes', name: value, nodes };
}

/** Label of the implicit second group of a one-group partition. */
export const REST_GROUP = '(everything else)';

/** Names of host groups beside the topology's own names: every control-plane host, every worker node. */
export const GROUP_NAMES = ['control-plane', 'workers'] as const;

/** The hosts of a group name (`control-plane`, `workers`), or null when `name` is not one. */
export function groupHosts(t: Topology, name: string): HostId[] | null {
  if (name === 'control-plane') return t.controlPlane.map((h) => h.id);
  if (name === 'workers') return t.nodes.map((n) => n.id);
  return null;
}

/** Which group `name` is, if any; a topology object of the same name makes it ambiguous (an error). */
function namedGroup(t: Topology, name: string, path: PathSegment[], ctx: ResolveContext): (typeof GROUP_NAMES)[number] | null {
  if (!(GROUP_NAMES as readonly string[]).includes(name)) return null;
  if (lookup(t, name)) ctx.fail(path, `"${name}" is both a group (${GROUP_NAMES.join(', ')}) and a name in the topology; rename the ${lookup(t, name)!.level}`);
  return name as (typeof GROUP_NAMES)[number];
}

function partitionTarget(v: z.output<typeof partition>, ctx: ResolveContext): FaultTarget {
  const t = ctx.topology;
  const owner = new Map<HostId, number>();
  const groups = v.groups.map((names, g) => {
    const hosts: HostId[] = [];
    names.forEach((n, i) => {
      const hit = namedGroup(t, n, ['groups', g, i], ctx) ? null : lookup(t, n);
      const members = hit ? hostsOf(t, hit) : groupHosts(t, n);
      if (!members) {
        ctx.fail(['groups', g, i], `no region, zone, rack or host named "${n}"; ${existing(t, ['zone', 'rack', 'node', 'control-plane'])}; groups: ${GROUP_NAMES.join(', ')}${nameHint(t, n, ['region', 'zone', 'rack', 'node', 'control-plane'])}`);
      }
      for (const h of members) {
        const prior = owner.get(h);
        if (prior !== undefined && prior !== g) ctx.fail(['groups', g, i], `"${n}" overlaps group ${prior + 1} (host ${t.hosts[h].name}); groups must be disjoint`);
        if (prior === undefined) hosts.push(h);
        owner.set(h, g);
      }
    });
    return { names, hosts };
  });
  if (groups.length === 1) {
    const rest = t.hosts.filter((h) => !owner.has(h.id)).map((h) => h.id);
    if (rest.length === 0) ctx.fail(['groups', 0], 'this group holds every host, so there is nothing to cut it from');
    groups.push({ names: [REST_GROUP], hosts: rest });
  }
  return { type: 'partition', groups, cut: v.cut ?? 'all', oneWay: v.oneWay ?? false };
}
