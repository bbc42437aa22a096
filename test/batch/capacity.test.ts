/**
 * `capacity --survive zone --per zone` on test/fixtures/scenarios/capacity/zones.yaml, whose
 * answer is computed by hand here, and the search itself on made-up probes.
 *
 * The cluster: 3 zones of one rack; nodes of 2 cpu (2000m allocatable). Per node the node-agent
 * DaemonSet takes 500m (kubeblast runs no system pods besides the manifests' DaemonSets), which
 * leaves 1500m = 3 web pods of 500m per node. web has 15 replicas, spread over zones with
 * ScheduleAnyway (a preference, so when a zone is lost its pods may go to the other two), SLO
 * minReady 6. With n nodes per zone:
 * - n = 1: 3 nodes × 3 = 9 slots < 15: web never reaches 15 → fails;
 * - n = 2: 6 nodes × 3 = 18 ≥ 15, fits; a zone fails → its ≤ 6 pods (2 nodes × 3) go, ≥ 9 ≥ 6
 *   stay (SLO holds), but the 4 surviving nodes hold 12 < 15 → never back at 15 → fails;
 * - n = 3: 9 nodes hold 27; a zone fails → the 6 survivors hold 18 ≥ 15, and the lost zone had
 *   at most 9 pods, so ≥ 6 stay ready throughout → passes.
 * Answer: 3 per zone (9 nodes; 9 × 0.1/h × 730 h = 657/month); 2 fails.
 * Each domain stays down 10 min: node-monitor grace 50 s + the pods' 300 s unreachable
 * toleration + rescheduling fit well inside it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcessRunner } from '../../src/batch/blast.js';
import { fileProber, probeFileName, probeYaml } from '../../src/batch/capacity-probe.js';
import { judge, searchCapacity, type ProbeDetail } from '../../src/batch/capacity.js';
import type { BlastRow } from '../../src/batch/blast-rows.js';
import { MIN } from '../../src/kernel/time.js';
import { loadScenario } from '../../src/scenario/load.js';
import { renderCapacityReport } from '../../src/report/capacity.js';

const FILE = join(import.meta.dirname, '../fixtures/scenarios/capacity/zones.yaml');
const WEB = 'deployment/default/web';
const SEARCH = { level: 'zone' as const, per: 'zone' as const, min: 1, max: 16 };
const WINDOW = { forUs: 10 * MIN, settleUs: 10 * MIN };

describe('capacity --survive zone on the hand-computed fixture', () => {
  it('answers 3 per zone: its blast passes and 2 per zone fails on web\'s recovery', async () => {
    const seed = loadScenario(FILE).seed;
    const work = mkdtempSync(join(tmpdir(), 'kubeblast-capacity-test-'));
    try {
      const r = await searchCapacity(SEARCH, fileProber({ ...SEARCH, ...WINDOW, file: FILE, workDir: work, settleUs: () => WINDOW.settleUs, runner: (_p, s) => inProcessRunner(s) }));
      expect(r.answer, `seed ${seed}`).toBe(3);
      expect(r.passing?.passed, `seed ${seed}`).toBe(true);
      expect(r.passing?.nodes).toBe(9);
      expect(r.passing?.costPerMonth).toBe(657);
      expect(r.failing?.count).toBe(2);
      expect(r.failing?.passed, `seed ${seed}`).toBe(false);
      expect(r.failing?.worstObject, `seed ${seed}`).toBe(WEB);
      // Every zone fails alike (web not recovered, no downtime): the tie goes to the first in topology order.
      expect(r.failing?.worstDomain, `seed ${seed}`).toBe('eu-a');
      // At 2 per zone the SLO holds (≥ 9 of 15 stay) and recovery is what fails.
      const rows = r.failing!.blast!.rows.filter((x) => x.object === WEB);
      expect(rows.map((x) => x.sloMet), `seed ${seed}`).toEqual([true, true, true]);
      expect(rows.map((x) => x.recovered), `seed ${seed}`).toEqual([false, false, false]);
      expect(rows.every((x) => x.minReady >= 9 && x.minReady <= 12), `seed ${seed}: ${rows.map((x) => x.minReady).join(',')}`).toBe(true);
      // The DaemonSet's pods cannot move: it has no 'recovered', and so never fails a probe.
      const agent = r.failing!.blast!.rows.filter((x) => x.object === 'daemonset/default/node-agent');
      expect(agent.map((x) => x.recovered), `seed ${seed}`).toEqual([null, null, null]);
      // Galloping 1, 2, 4, then bisecting to 3.
      expect(r.probes.map((p) => p.count)).toEqual([1, 2, 4, 3]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('writes probe scenarios that extend the scenario, with the count spread over the racks', () => {
    const work = mkdtempSync(join(tmpdir(), 'kubeblast-probe-'));
    try {
      const path = join(work, probeFileName(5));
      writeFileSync(path, probeYaml(FILE, { ...SEARCH, per: 'zone' }, 5, work));
      const s = loadScenario(path);
      expect(s.topology.zones.map((z) => z.nodes.length)).toEqual([5, 5, 5]);
      // Everything else from the scenario: its faults, manifests, SLOs, seed.
      expect(s.faults.random.map((f) => f.level)).toEqual(['node']);
      expect(s.manifests.workloads.map((w) => w.key)).toEqual(['daemonset/default/node-agent', 'deployment/default/web']);
      expect(s.seed).toBe(loadScenario(FILE).seed);
      // A probe of a probe (a chain of bases) still resizes: 5 per zone over 2 racks is 3 + 2.
      const twoRacks = join(work, 'two-racks.yaml');
      writeFileSync(twoRacks, `extends: ${FILE}\nspec:\n  topology:\n    regions:\n      - name: eu\n        zones:\n`
        + ['eu-a', 'eu-b', 'eu-c'].map((z) => `          - { name: ${z}, racks: 2, nodesPerRack: 1, node: { cpu: "2", memory: 8Gi } }\n`).join(''));
      writeFileSync(path, probeYaml(twoRacks, SEARCH, 5, work));
      expect(loadScenario(path).topology.racks.map((r) => r.hosts.length)).toEqual([3, 2, 3, 2, 3, 2]);
      // Per rack: nodesPerRack N in every rack of every zone with nodes.
      writeFileSync(path, probeYaml(twoRacks, { ...SEARCH, per: 'rack' }, 4, work));
      expect(loadScenario(path).topology.racks.map((r) => r.hosts.length)).toEqual([4, 4, 4, 4, 4, 4]);
      // Both forms in one zone is an error.
      writeFileSync(twoRacks, readFileSync(twoRacks, 'utf8').replace('nodesPerRack: 1,', 'nodesPerRack: 1, nodes: 3,'));
      expect(() => loadScenario(twoRacks)).toThrow(/expected exactly one of nodesPerRack .*nodes \(the zone's total/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('searchCapacity on made-up probes', () => {
  /** A prober whose count passes when `passes(count)`; a probe without a blast has no domains. */
  const fake = (passes: (n: number) => boolean) => async (n: number): Promise<ProbeDetail> => ({ ...judge(n, n * 3, null, null), passed: passes(n) });

  it.each([
    // [threshold, min, max, probes in order]: galloping min, 2min, 4min…, then bisecting.
    [5, 1, 64, [1, 2, 4, 8, 6, 5]],
    [1, 1, 64, [1, 0]],
    [7, 3, 64, [3, 6, 12, 9, 7]],
    [4, 3, 64, [3, 6, 4]],
    // The answer is --min itself (the count below it is probed all the same), is --max, or both.
    [3, 3, 64, [3, 2]],
    [5, 1, 5, [1, 2, 4, 5]],
    [2, 2, 2, [2, 1]],
  ])('threshold %i from --min %i: answer and the count below it probed', async (threshold, min, max, order) => {
    const r = await searchCapacity({ ...SEARCH, min, max }, fake((n) => n >= threshold));
    expect(r.answer).toBe(threshold);
    expect(r.probes.map((p) => p.count)).toEqual(order);
    expect(r.passing?.count).toBe(threshold);
    expect(r.failing?.count).toBe(threshold - 1);
  });

  it('searches below --min when --min itself passes, so the answer is still confirmed', async () => {
    const r = await searchCapacity({ ...SEARCH, min: 4 }, fake((n) => n >= 2));
    expect(r.answer).toBe(2);
    expect(r.failing?.count).toBe(1);
    // Bisecting [0, 3] after 4 and 3 pass, not walking down one count at a time.
    const far = await searchCapacity({ ...SEARCH, min: 40 }, fake((n) => n >= 2));
    expect(far.answer).toBe(2);
    expect(far.probes.map((p) => p.count)).toEqual([40, 39, 19, 9, 4, 2, 1]);
  });

  it('names the worst domain of a failing probe: most SLOs missed, then not recovered, then downtime', () => {
    const row = (domain: string, sloMet: boolean, recovered: boolean, downtimeS: number): BlastRow => ({ level: 'zone', domain, object: WEB, desired: 3, sloMinReady: 2, minReady: 1, downtimeS, timeToRecoverS: 1, sloMet, recovered });
    const domains = ['a', 'b', 'c', 'd'].map((domain) => ({ level: 'zone' as const, domain }));
    const rows = [row('a', true, false, 0), row('b', false, false, 30), row('c', false, true, 90), row('d', false, false, 10)];
    const p = judge(2, 6, null, { scenario: 'made-up', seed: 1, levels: ['zone'], forUs: 0, settleUs: 0, domains, rows });
    expect([p.passed, p.worstDomain, p.worstObject]).toEqual([false, 'b', WEB]);
  });

  it('has no answer when nothing up to --max passes', async () => {
    const r = await searchCapacity({ ...SEARCH, min: 1, max: 5 }, fake(() => false));
    expect(r.answer).toBeNull();
    expect(r.probes.map((p) => p.count)).toEqual([1, 2, 4, 5]);
    expect(r.failing?.count).toBe(5);
    // The report calls the failing proof what it is: the largest count tried, not "one less".
    const html = renderCapacityReport('made-up', r, '10m', null);
    expect(html).toContain('Largest count tried (fails): 5 per zone');
    expect(html).not.toContain('One less');
  });
});
