/**
 * A memo of the node-local answers of a scheduling cycle: the Filter verdicts and the Score sums of
 * the plugins whose answer for a node depends only on the pod's template and tolerations and on
 * the node as the cache holds it (`nodeLocal`: NodeUnschedulable, NodeName, TaintToleration,
 * NodeAffinity, NodePorts, NodeResourcesFit, NodeResourcesBalancedAllocation). The pods of a
 * ReplicaSet come to the scheduler one after the other, each cycle visits a window of hundreds of
 * nodes, and between two visits of a node by pods of one template almost every node is as it was:
 * the memo answers for those, and only nodes whose version moved (a pod placed or removed, a
 * taint, a cordon) are asked again. The answers are the plugins' own, so outcomes are the same;
 * ⚠ kubeblast's speed device, not upstream's (upstream runs every plugin on every node).
 *
 * Entries are tagged with the key's serial and the node's version; a new key (another template,
 * other tolerations, another set of plugins skipped by PreFilter/PreScore) takes a new serial,
 * which retires every entry at once.
 */
import type { Status } from './status.js';

/** The memo of one kind of answer (filter verdicts or score sums) for every node. */
export class NodeMemo {
  private template: object | null = null;
  private tolerations: object | null = null;
  private mask = -1;
  private serial = 0;
  private readonly tag: Int32Array;
  private readonly version: Int32Array;
  /** Filter memo: the first rejecting status among the node-local filters, or null when all pass. */
  readonly status: Array<Status | null>;
  /** Filter memo: the rejecting plugin's bit (0 when none). */
  readonly rejector: Int32Array;
  /** Score memo: Σ weight × score of the node-local score plugins. */
  readonly score: Float64Array;

  constructor(nodes: number) {
    this.tag = new Int32Array(nodes);
    this.version = new Int32Array(nodes);
    this.status = new Array<Status | null>(nodes).fill(null);
    this.rejector = new Int32Array(nodes);
    this.score = new Float64Array(nodes);
  }

  /** Starts a cycle for a pod of `template` with `tolerations`, with these plugins active (bit mask); returns the serial to pass to `has`/`set`. */
  begin(template: object, tolerations: object, mask: number): number {
    if (template !== this.template || tolerations !== this.tolerations || mask !== this.mask) {
      this.template = template;
      this.tolerations = tolerations;
      this.mask = mask;
      this.serial++;
    }
    return this.serial;
  }

  /** Whether the node's entry answers for this serial at this node version. */
  has(serial: number, node: number, version: number): boolean {
    return this.tag[node] === serial && this.version[node] === version;
  }

  /** Marks the node's entry (its fields just written) as the answer for this serial and version. */
  set(serial: number, node: number, version: number): void {
    this.tag[node] = serial;
    this.version[node] = version;
  }
}
