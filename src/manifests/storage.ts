/**
 * Storage objects of the manifests: StorageClasses (storage.k8s.io/v1), PersistentVolumeClaims
 * (v1), the claims each workload's pods mount (`spec.volumes[].persistentVolumeClaim`) and the
 * StatefulSets' `volumeClaimTemplates`. Read from the raw objects the loader found, so that the
 * workload readers stay as they are.
 *
 * Topology of a class: zonal unless its parameters ask for a regional disk — GCE PD CSI
 * `replication-type: regional-pd`, Azure disk `skuName: *_ZRS` (⚠ inferred from the providers'
 * documented parameters; a regional disk is modelled as usable in every zone of its region).
 * With no class marked default (`storageclass.kubernetes.io/is-default-class: "true"`), the
 * built-in default `standard` is zonal and `WaitForFirstConsumer`, as the big clouds' defaults
 * are (GKE `standard-rwo`, EKS `gp2`/`gp3`, AKS `managed-csi`); a built-in `regional` class is
 * there too.
 */
import type { SourcePos } from '../errors.js';
import { fail, posAt, type ObjectWhere } from './context.js';
import type { Found } from './admission.js';
import { objectKey } from './workload.js';

/** A StorageClass, as far as availability cares. */
export interface StorageClassSpec {
  name: string;
  /** Where a provisioned volume can be attached: one zone, or any zone of its region. */
  topology: 'zone' | 'region';
  volumeBindingMode: 'WaitForFirstConsumer' | 'Immediate';
  isDefault: boolean;
  source: SourcePos | null;
}

/** Access modes of a claim (core/v1 PersistentVolumeAccessMode). */
export type AccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';

/** A PersistentVolumeClaim, or a StatefulSet's claim template. */
export interface ClaimSpec {
  namespace: string;
  name: string;
  /** `NS/NAME`. */
  key: string;
  /** The class named (null: the default class). */
  storageClassName: string | null;
  accessModes: AccessMode[];
  source: SourcePos;
}

/** The storage side of a ManifestSet. */
export interface StorageManifests {
  classes: StorageClassSpec[];
  claims: ClaimSpec[];
  /** Workload key → names of the claims its pods mount (in its namespace). */
  podClaims: Map<string, string[]>;
  /** StatefulSet key → its claim templates (`name` is the template's; pods get `NAME-STS-ORDINAL`). */
  claimTemplates: Map<string, ClaimSpec[]>;
}

const ACCESS_MODES: readonly string[] = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'Pod'];

/** Whether the loader leaves this object to `readStorage` (neither a workload nor ignored). */
export function isStorageObject(f: Found): boolean {
  const id = `${f.header.apiVersion} ${f.header.kind}`;
  return id === 'storage.k8s.io/v1 StorageClass' || id === 'v1 PersistentVolumeClaim';
}

function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function regional(params: Record<string, unknown>): boolean {
  return params['replication-type'] === 'regional-pd' || (typeof params.skuName === 'string' && params.skuName.endsWith('_ZRS'));
}

function readClass(f: Found): StorageClassSpec {
  const mode = f.raw.volumeBindingMode ?? 'Immediate';
  if (mode !== 'Immediate' && mode !== 'WaitForFirstConsumer') throw fail(f, ['volumeBindingMode'], `expected Immediate or WaitForFirstConsumer, got ${JSON.stringify(mode)}`);
  const ann = rec(rec(f.raw.metadata).annotations);
  return {
    name: f.header.metadata.name,
    topology: regional(rec(f.raw.parameters)) ? 'region' : 'zone',
    volumeBindingMode: mode,
    isDefault: ann['storageclass.kubernetes.io/is-default-class'] === 'true',
    source: posAt(f, []),
  };
}

/** A claim spec (`spec` of a PVC or of a claim template) at `path` of `where`. */
function readClaim(where: ObjectWhere, path: (string | number)[], spec: unknown, namespace: string, name: string): ClaimSpec {
  const s = rec(spec);
  const cls = s.storageClassName;
  if (cls !== undefined && cls !== null && typeof cls !== 'string') throw fail(where, [...path, 'storageClassName'], 'expected a string');
  const modes = Array.isArray(s.accessModes) ? s.accessModes : ['ReadWriteOnce'];
  modes.forEach((m, i) => {
    if (typeof m !== 'string' || !ACCESS_MODES.includes(m)) throw fail(where, [...path, 'accessModes', i], `expected one of ${ACCESS_MODES.join(', ')}`);
  });
  return { namespace, name, key: `${namespace}/${name}`, storageClassName: typeof cls === 'string' ? cls : null, accessModes: modes as AccessMode[], source: posAt(where, path) };
}

/** The claims mounted by a pod spec at `path`. */
function mountedClaims(where: ObjectWhere, path: (string | number)[], podSpec: unknown): string[] {
  const vols = rec(podSpec).volumes;
  if (!Array.isArray(vols)) return [];
  const out: string[] = [];
  vols.forEach((v, i) => {
    const pvc = rec(v).persistentVolumeClaim;
    if (pvc === undefined) return;
    const name = rec(pvc).claimName;
    if (typeof name !== 'string' || name === '') throw fail(where, [...path, 'volumes', i, 'persistentVolumeClaim', 'claimName'], 'expected the name of a PersistentVolumeClaim');
    out.push(name);
  });
  return out;
}

/** Reads every storage object and every workload's claims from the objects the loader found. */
export function readStorage(found: readonly Found[], defaultNamespace: string): StorageManifests {
  const out: StorageManifests = { classes: [], claims: [], podClaims: new Map(), claimTemplates: new Map() };
  for (const f of found) {
    const ns = f.header.metadata.namespace || defaultNamespace;
    const id = `${f.header.apiVersion} ${f.header.kind}`;
    if (id === 'storage.k8s.io/v1 StorageClass') out.classes.push(readClass(f));
    else if (id === 'v1 PersistentVolumeClaim') out.claims.push(readClaim(f, ['spec'], f.raw.spec, ns, f.header.metadata.name));
    if (!WORKLOAD_KINDS.includes(f.header.kind)) continue;
    const key = objectKey(f.header.kind, ns, f.header.metadata.name);
    const spec = rec(f.raw.spec);
    const claims = f.header.kind === 'Pod' ? mountedClaims(f, ['spec'], spec) : mountedClaims(f, ['spec', 'template', 'spec'], rec(spec.template).spec);
    if (f.header.kind === 'StatefulSet' && Array.isArray(spec.volumeClaimTemplates)) {
      const templates = spec.volumeClaimTemplates.map((t, i) => {
        const name = rec(rec(t).metadata).name;
        if (typeof name !== 'string' || name === '') throw fail(f, ['spec', 'volumeClaimTemplates', i, 'metadata', 'name'], 'expected a name');
        return readClaim(f, ['spec', 'volumeClaimTemplates', i, 'spec'], rec(t).spec, ns, name);
      });
      out.claimTemplates.set(key, templates);
      // The pods mount a template's claim by the template's name (the controller adds the volume).
      for (const t of templates) if (!claims.includes(t.name)) claims.push(t.name);
    }
    if (claims.length > 0) out.podClaims.set(key, claims);
  }
  return out;
}

/** The built-in classes, unless the manifests define the same names: `standard` (default) and `regional`. */
export function storageClasses(m: StorageManifests): StorageClassSpec[] {
  const out = [...m.classes];
  const has = (n: string) => out.some((c) => c.name === n);
  const anyDefault = out.some((c) => c.isDefault);
  if (!has('standard')) out.push({ name: 'standard', topology: 'zone', volumeBindingMode: 'WaitForFirstConsumer', isDefault: !anyDefault, source: null });
  if (!has('regional')) out.push({ name: 'regional', topology: 'region', volumeBindingMode: 'WaitForFirstConsumer', isDefault: false, source: null });
  return out;
}
