/**
 * VolumeBinding (pkg/scheduler/framework/plugins/volumebinding/volume_binding.go), with the zone
 * check VolumeZone makes (pkg/scheduler/framework/plugins/volumezone/volume_zone.go): a pod whose
 * claim is bound to a volume fits only nodes that the volume's node affinity (its zone, or its
 * region for a regional disk) allows; a pod whose claim does not exist fits nowhere. Unbound
 * `WaitForFirstConsumer` claims fit every node: they are provisioned where the pod lands
 * (src/storage/volumes.ts). ⚠ For dynamically provisioned disks both upstream plugins read the same
 * zone, so one check stands for both.
 */
import type { NodeInfo } from '../cache/cache.js';
import type { PodInfo } from '../cache/pod-info.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { Handle } from '../framework/handle.js';
import { PluginId, type ClusterEvent, type EnqueueExtensions, type FilterPlugin, type PreFilterPlugin } from '../framework/interfaces.js';
import { SKIP, SUCCESS, unresolvable, type Status } from '../framework/status.js';

/** The VolumeBinding filter. */
export class VolumeBinding implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = 'VolumeBinding';
  readonly id = PluginId.VolumeBinding;
  readonly events = ['NodeUpdate', 'AssignedPodDelete'] as const;

  constructor(private readonly handle: Handle) {}

  /** Skip: the pod mounts no claim (upstream PreFilter returns Skip when the pod has no PVCs). */
  preFilter(_state: CycleState, pod: PodInfo): Status {
    const v = this.handle.volumes?.of(pod.pod);
    return v === undefined || (v !== null && v.length === 0) ? SKIP : SUCCESS;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const why = this.handle.volumes?.conflict(pod.pod, node.node.host) ?? null;
    return why === null ? SUCCESS : unresolvable(why);
  }

  /** A node that changes (returns, is untainted) may be in the volume's zone: always worth a retry. */
  isSchedulableAfter(_event: ClusterEvent): boolean {
    return true;
  }
}
