// Services count what they really select: the labels controllers add to pods
// (pkg/controller/statefulset/stateful_set_utils.go newStatefulSetPod: statefulset.kubernetes.io/pod-name,
// apps.kubernetes.io/pod-index, controller-revision-hash; pkg/controller/deployment/sync.go pod-template-hash).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileMapSelector } from '../../src/manifests/selector.js';
import { podLabels, selectedPodCount } from '../../src/manifests/podlabels.js';
import { buildSummary } from '../../src/metrics/summary.js';
import { loadScenario } from '../../src/scenario/load.js';
import { scenarioWarnings } from '../../src/scenario/warnings.js';
import { runScenario } from '../../src/world/world.js';

const s = loadScenario(fileURLToPath(new URL('../fixtures/scenarios/kinds/per-pod-services.yaml', import.meta.url)));
const web = s.manifests.workloads[0];

describe('pod labels as controllers add them', () => {
  it('a StatefulSet pod carries its name and index', () => {
    expect(podLabels(web, 2)).toMatchObject({ app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-2', 'apps.kubernetes.io/pod-index': '2' });
  });
  it('counts the pods a selector matches among the replicas', () => {
    // web-0 only; pod-index 1 only; all three; a revision hash nobody can know before the run: none
    expect(selectedPodCount(compileMapSelector({ 'statefulset.kubernetes.io/pod-name': 'web-0' }), web, 3)).toBe(1);
    expect(selectedPodCount(compileMapSelector({ 'apps.kubernetes.io/pod-index': '1' }), web, 3)).toBe(1);
    expect(selectedPodCount(compileMapSelector({ app: 'web' }), web, 3)).toBe(3);
    expect(selectedPodCount(compileMapSelector({ 'controller-revision-hash': 'web-6d4cf56db6' }), web, 3)).toBe(0);
    // scaled to 1: pod-index 1 no longer exists
    expect(selectedPodCount(compileMapSelector({ 'apps.kubernetes.io/pod-index': '1' }), web, 1)).toBe(0);
  });
});

describe('per-pod Services in a run (seed 2)', () => {
  it('validate warns only about the Service no pod can match', () => {
    const warned = scenarioWarnings(s).map((w) => w.message).filter((m) => m.includes('selects no workload'));
    expect(warned).toEqual(["service/default/pinned-revision: selects no workload's pods; it never has endpoints"]);
  });
  it('desired and serving follow the pods each Service selects', () => {
    const summary = buildSummary(runScenario(s, {}), 0);
    const desired = Object.fromEntries(summary.objects.filter((o) => o.object.startsWith('service/')).map((o) => [o.object, o.desired]));
    expect(desired, 'seed 2').toEqual({ 'service/default/web-0': 1, 'service/default/second': 1, 'service/default/web': 3, 'service/default/pinned-revision': 0 });
    for (const key of ['service/default/web-0', 'service/default/second', 'service/default/web']) {
      expect(summary.objects.find((o) => o.object === key)!.availability.full, `${key}, seed 2`).toBe(1);
    }
  });
});
