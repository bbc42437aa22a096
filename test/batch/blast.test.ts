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
import { MIN } from '../../src/kernel/time.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/world/world.js';

const FILE = join(import.meta.dirname, '../fixtures/scenarios/blast/three-zones.yaml');
const PINNED = 'deployment/default/pinned';
const SPREAD = 'deployment/default/spread';
const OPTS = { levels: ['zone'] as const, forUs: 10 * MIN, settleUs: 10 * MIN };

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
      const spread = row(SPREAD);
      expect(spread.sloMet, `seed ${seed}: spread when ${d.domain} fails`).toBe(true);
      // One pod per zone: exactly one lost, and no replacement may land (maxSkew 1 counts the dead zone's nodes).
      expect(spread.minReady, `seed ${seed}: spread when ${d.domain} fails`).toBe(2);
    }
    const v = verdicts(blast);
    expect(v.find((x) => x.domain === 'eu-b')?.worstObject, `seed ${seed}`).toBe(PINNED);
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
