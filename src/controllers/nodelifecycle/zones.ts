/**
 * Zone disruption, as the node lifecycle controller computes it (pure functions) — ref:
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go `ComputeZoneState`, `setLimiterInZone`,
 * `HealthyQPSFunc`, `ReducedQPSFunc`; kubernetes.md §2.
 */
import type { NodeLifecycleConfig } from '../../scenario/types.js';
import { LABEL_REGION, LABEL_ZONE } from '../../topology/types.js';

/** State of a zone; `Initial` until the first monitor pass of a controller process. */
export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** Nodes with this label do not count toward their zone's state (NLC `isNodeExcludedFromDisruptionChecks`). */
export const LABEL_EXCLUDE_DISRUPTION = 'node.kubernetes.io/exclude-disruption';

/** The zone key of a node: region and zone labels (k8s.io/component-helpers/node/topology GetZoneKey). */
export function zoneKey(labels: Readonly<Record<string, string>>): string {
  const region = labels[LABEL_REGION] ?? '';
  const zone = labels[LABEL_ZONE] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

/**
 * `ComputeZoneState`: FullDisruption when no node is Ready and some are not; PartialDisruption when
 * more than 2 are not Ready and they are at least `threshold` of the zone; Normal otherwise.
 */
export function computeZoneState(ready: number, notReady: number, threshold: number): ZoneState {
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  // Upstream compares float32 values; the float64 quotient differs only in the last bits.
  if (notReady > 2 && notReady / (notReady + ready) >= threshold) return 'PartialDisruption';
  return 'Normal';
}

/**
 * Tainting rate of a zone in a state (`setLimiterInZone`): Normal and FullDisruption use
 * `evictionRate` (HealthyQPSFunc); PartialDisruption uses `secondaryEvictionRate` if the zone has
 * more than `largeClusterSizeThreshold` nodes, else 0 — it stops (ReducedQPSFunc).
 */
export function zoneRate(state: ZoneState, zoneSize: number, cfg: NodeLifecycleConfig): number {
  switch (state) {
    case 'PartialDisruption':
      return zoneSize > cfg.largeClusterSizeThreshold ? cfg.secondaryEvictionRate : 0;
    case 'Normal':
    case 'FullDisruption':
    case 'Initial':
      return cfg.evictionRate;
  }
}

/** Whether every zone is in FullDisruption (an empty set is not: there is nothing to protect). */
export function allFullyDisrupted(states: readonly ZoneState[]): boolean {
  return states.length > 0 && states.every((s) => s === 'FullDisruption');
}
