/**
 * Topology domains of the nodes, per label key: node → domain id, for the spread and affinity
 * counters. Node labels never change during a run (kubeblast has no label updates), so each key
 * is computed once, on first use, and shared by every counter of that key.
 */
import type { NodeObj } from '../../apiserver/objects.js';

/** The domains of one topology key. */
export class Domains {
  /** Domain id of each node (by host id), or -1 when the node lacks the label. */
  readonly of: Int32Array;
  /** The label value of each domain id. */
  readonly values: string[] = [];
  /** Nodes that lack the label. */
  readonly missing: number;

  constructor(
    readonly key: string,
    nodes: readonly NodeObj[],
  ) {
    this.of = new Int32Array(nodes.length);
    const ids = new Map<string, number>();
    let missing = 0;
    for (let i = 0; i < nodes.length; i++) {
      const v = nodes[i].labels[key];
      if (v === undefined) {
        this.of[i] = -1;
        missing++;
        continue;
      }
      let id = ids.get(v);
      if (id === undefined) {
        id = this.values.length;
        ids.set(v, id);
        this.values.push(v);
      }
      this.of[i] = id;
    }
    this.missing = missing;
  }

  /** Number of distinct values. */
  get count(): number {
    return this.values.length;
  }
}

/** Domains by topology key, built lazily. */
export class TopologyIndex {
  private readonly byKey = new Map<string, Domains>();

  constructor(private readonly nodes: readonly NodeObj[]) {}

  /** The domains of `key`. */
  domains(key: string): Domains {
    let d = this.byKey.get(key);
    if (!d) {
      d = new Domains(key, this.nodes);
      this.byKey.set(key, d);
    }
    return d;
  }
}
