/**
 * `blast` on the three-zone fixture (test/fixtures/scenarios/blast/three-zones.yaml): a
 * Deployment pinned to eu-b by nodeSelector and one spread one pod per zone, both with SLO
 * minReady 2. Failing a zone must break the pinned one's SLO exactly when that zone is eu-b (all
 * three of its pods go), and never the spread one's (one pod of three). The replay file of a
 * domain, run by the ordinary loader, must give that domain's figures. (Bytes for one worker and
 * two: test/batch/blast-cli.test.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayFileName, replayYaml } from '../../src/batch/blast-replay.js';
import { blastRows } from '../../src/batch/blast-rows.js';
import { inProcessRunner, runBlast, verdicts, type BlastResult } from '../../src/batch/blast.js';
import { MIN, MS, toSeconds } from '../../src/kernel/time.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/world/world.js';

const FILE = join(import.meta.dirname, '../fixtures/scenarios/blast/three-zones.yaml');
const PINNED = 'deployment/default/pinned';
const SPREAD = 'deployment/default/spread';
const OPTS = { levels: ['zone'] as const, forUs: 10 * MIN, settleUs: 10 * MIN };
/** The outage's length and the run's end, in seconds. */
const FOR_S = toSeconds(OPTS.forUs);
const END_S = toSeconds(OPTS.forUs + OPTS.settleUs);

describe('blast --levels zone on three zones', () => {
  const scenario = loadScenario(FILE);
  const seed = scenario.seed;
  let blast: BlastResult;

  it('breaks the pinned Deployment\'s SLO only when its zone fails, never the spread one\'s', async () => {
    blast = await runBlast(scenario, { ...OPTS, levels: [...OPTS.levels] }, inProcessRunner(scenario));
    expect(blast.domains.map((d) => d.domain), `seed ${seed}`).toEqual(['eu-a', 'eu-b', 'eu-c']);
    for (const d of blast.domains) {
      const row = (o: string) => blast.rows.find((r) => r.domain === d.domain && r.object === o)!;
      const pinned = row(PINNED);
      expect(pinned.sloMet, `seed ${seed}: pinned when ${d.domain} fails`).toBe(d.domain !== 'eu-b');
      expect(pinned.minReady, `seed ${seed}: pinned when ${d.domain} fails`).toBe(d.domain === 'eu-b' ? 0 : 3);
      if (d.domain === 'eu-b') {
        // Its nodeSelector keeps it in eu-b: below its SLO for the whole outage, back only after the
        // zone returns (so not recovered, and time to recover within the settle window).
        expect(pinned.downtimeS, `seed ${seed}: pinned downtime when eu-b fails`).toBeGreaterThanOrEqual(FOR_S);
        expect(pinned.downtimeS, `seed ${seed}: pinned downtime when eu-b fails`).toBeLessThanOrEqual(END_S);
        expect(pinned.recovered, `seed ${seed}: pinned recovered when eu-b fails`).toBe(false);
        expect(pinned.timeToRecoverS, `seed ${seed}: pinned TTR when eu-b fails`).toBeGreaterThan(FOR_S);
        expect(pinned.timeToRecoverS, `seed ${seed}: pinned TTR when eu-b fails`).toBeLessThan(END_S);
      } else {
        // Never touched: no downtime, nothing to recover from.
        expect([pinned.downtimeS, pinned.timeToRecoverS, pinned.recovered], `seed ${seed}: pinned when ${d.domain} fails`).toEqual([0, 0, true]);
      }
      const spread = row(SPREAD);
      expect(spread.sloMet, `seed ${seed}: spread when ${d.domain} fails`).toBe(true);
      // One pod per zone: exactly one lost, and no replacement may land (maxSkew 1 counts the dead zone's nodes).
      expect(spread.minReady, `seed ${seed}: spread when ${d.domain} fails`).toBe(2);
      // So it is below desired (not recovered) until the zone is back, yet never below its SLO.
      expect(spread.downtimeS, `seed ${seed}: spread when ${d.domain} fails`).toBe(0);
      expect(spread.recovered, `seed ${seed}: spread when ${d.domain} fails`).toBe(false);
      expect(spread.timeToRecoverS, `seed ${seed}: spread TTR when ${d.domain} fails`).toBeGreaterThan(FOR_S);
      expect(spread.timeToRecoverS, `seed ${seed}: spread TTR when ${d.domain} fails`).toBeLessThan(END_S);
    }
    const v = verdicts(blast);
    expect(v.find((x) => x.domain === 'eu-b')?.worstObject, `seed ${seed}`).toBe(PINNED);
    // One control-plane host per zone: a zone takes one etcd member of three, never the quorum.
    const quorum = blast.rows.filter((r) => r.object === 'controlplane/etcd-quorum');
    expect(quorum.map((r) => [r.domain, r.downtimeS, r.recovered]), `seed ${seed}`).toEqual(blast.domains.map((d) => [d.domain, 0, true]));
  });

  it('reports the control plane: a lone region takes the quorum, one etcd member only ever the leader it held', async () => {
    const b = await runBlast(scenario, { ...OPTS, levels: ['region', 'etcd'] }, inProcessRunner(scenario));
    const row = (domain: string, object: string) => b.rows.find((r) => r.domain === domain && r.object === object)!;
    // Every host is in region eu: etcd has no quorum for the whole outage and no leader before it ends.
    const quorum = row('eu', 'controlplane/etcd-quorum');
    expect([quorum.minReady, quorum.recovered], `seed ${seed}`).toEqual([0, false]);
    expect(quorum.downtimeS, `seed ${seed}`).toBeGreaterThanOrEqual(FOR_S);
    expect(quorum.timeToRecoverS, `seed ${seed}`).toBeGreaterThanOrEqual(FOR_S);
    // One member of three down: the quorum holds; only the member that led leaves etcd leaderless,
    // until a follower's randomized election timeout (below electionTimeoutMax) fires and it wins
    // (0.5 s for the vote round on 2 ms cross-zone links is generous).
    const maxElectionS = toSeconds(scenario.etcd.electionTimeoutMaxUs) + 0.5;
    const etcd = b.domains.filter((d) => d.level === 'etcd').map((d) => d.domain);
    for (const cp of etcd) expect(row(cp, 'controlplane/etcd-quorum').downtimeS, `seed ${seed}: ${cp}`).toBe(0);
    const leaderless = etcd.filter((cp) => row(cp, 'controlplane/etcd-leader').downtimeS > 0);
    expect(leaderless, `seed ${seed}`).toHaveLength(1);
    const lost = row(leaderless[0], 'controlplane/etcd-leader');
    expect(lost.downtimeS, `seed ${seed}: ${leaderless[0]}`).toBeLessThan(maxElectionS);
    expect(lost.recovered, `seed ${seed}: ${leaderless[0]}`).toBe(true);
    // Control-plane rows inform but never fail a domain: the etcd level holds.
    expect(verdicts(b).filter((v) => v.level === 'etcd').every((v) => v.passed), `seed ${seed}`).toBe(true);
    // Even when the member is back before the election ends (500 ms < electionTimeout): the leader
    // row is then not recovered, yet no workload noticed, so every domain still holds.
    const short = await runBlast(scenario, { levels: ['etcd'], forUs: 500 * MS, settleUs: OPTS.settleUs }, inProcessRunner(scenario));
    const stillLost = short.rows.filter((r) => r.object === 'controlplane/etcd-leader' && r.recovered === false).map((r) => r.domain);
    expect(stillLost, `seed ${seed}`).toEqual(leaderless);
    expect(verdicts(short).map((v) => v.passed), `seed ${seed}`).toEqual([true, true, true]);
  });

  it('names a replay file whose run gives the same figures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeblast-replay-'));
    try {
      const d = { level: 'zone' as const, domain: 'eu-b' };
      const path = join(dir, replayFileName(d.level, d.domain));
      writeFileSync(path, replayYaml(FILE, d, OPTS.forUs, OPTS.settleUs, dir));
      const replayed = blastRows(runScenario(loadScenario(path)), { ...d, forUs: OPTS.forUs });
      const original = blast.rows.filter((r) => r.domain === 'eu-b');
      expect(replayed, `seed ${seed}`).toEqual(original);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
