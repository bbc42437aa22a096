/**
 * Storage objects in manifests (src/manifests/storage.ts): StorageClasses with their binding mode
 * and topology (regional-pd / *_ZRS parameters), PersistentVolumeClaims, the claims a pod template
 * mounts, StatefulSet claim templates, and the built-in default class.
 */
import { describe, expect, it } from 'vitest';
import { storageClasses } from '../../src/manifests/storage.js';
import { load, loadError } from './helpers.js';

const DOCS = `
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: fast-regional }
parameters: { type: pd-ssd, replication-type: regional-pd }
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: azure-zrs, annotations: { storageclass.kubernetes.io/is-default-class: "true" } }
parameters: { skuName: Premium_ZRS }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data, namespace: shop }
spec: { accessModes: [ReadWriteOncePod], storageClassName: fast-regional }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: db, namespace: shop }
spec:
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers: [{ name: db, image: db }]
      volumes: [{ name: scratch, emptyDir: {} }, { name: data, persistentVolumeClaim: { claimName: data } }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: pg }
spec:
  serviceName: pg
  selector: { matchLabels: { app: pg } }
  template:
    metadata: { labels: { app: pg } }
    spec: { containers: [{ name: pg, image: pg }] }
  volumeClaimTemplates:
    - metadata: { name: wal }
      spec: { accessModes: [ReadWriteOnce] }
`;

describe('storage manifests', () => {
  it('reads classes, claims, mounted claims and claim templates; none of them is listed as ignored', () => {
    const set = load(DOCS);
    const m = set.storage!;
    expect(m.classes.map((c) => [c.name, c.topology, c.volumeBindingMode, c.isDefault])).toEqual([
      ['fast-regional', 'region', 'WaitForFirstConsumer', false],
      ['azure-zrs', 'region', 'Immediate', true],
    ]);
    expect(m.claims.map((c) => [c.key, c.storageClassName, c.accessModes])).toEqual([['shop/data', 'fast-regional', ['ReadWriteOncePod']]]);
    expect(m.podClaims.get('deployment/shop/db')).toEqual(['data']);
    expect(m.podClaims.get('statefulset/default/pg')).toEqual(['wal']);
    expect(m.claimTemplates.get('statefulset/default/pg')!.map((t) => [t.name, t.storageClassName, t.accessModes])).toEqual([['wal', null, ['ReadWriteOnce']]]);
    expect(set.ignored.map((i) => i.kind)).toEqual([]);
  });

  it('adds the built-in zonal WaitForFirstConsumer default only when no class is marked default', () => {
    const none = storageClasses(load('apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec: { selector: { a: b }, ports: [{ port: 80 }] }\n').storage!);
    expect(none.filter((c) => c.isDefault).map((c) => [c.name, c.topology, c.volumeBindingMode])).toEqual([['standard', 'zone', 'WaitForFirstConsumer']]);
    expect(none.find((c) => c.name === 'regional')?.topology).toBe('region');
    const marked = storageClasses(load(DOCS).storage!);
    expect(marked.filter((c) => c.isDefault).map((c) => c.name)).toEqual(['azure-zrs']);
  });

  it('refuses a bad binding mode, access mode or claim name at its position', () => {
    const e1 = loadError('apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: { name: x }\nvolumeBindingMode: Later\n');
    expect(e1.message).toMatch(/volumeBindingMode: expected Immediate or WaitForFirstConsumer/);
    expect(e1.pos?.line).toBe(4);
    const e2 = loadError('apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: x }\nspec:\n  accessModes: [ReadWriteSometimes]\n');
    expect(e2.message).toMatch(/spec\.accessModes\[0\]: expected one of ReadWriteOnce/);
    expect(e2.pos?.line).toBe(5);
    const e3 = loadError('apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: c, image: i }]\n  volumes:\n    - { name: v, persistentVolumeClaim: {} }\n');
    expect(e3.message).toMatch(/claimName: expected the name of a PersistentVolumeClaim/);
  });
});
