/**
 * The heat map of a blast with many domains (made-up rows, no simulation): a level with more than
 * MAX_HEAT_ROWS domains draws only the worst of them, in topology order, says so, and never drops
 * a domain that failed; a smaller level draws every domain.
 */
import { describe, expect, it } from 'vitest';
import type { BlastResult } from '../../src/batch/blast.js';
import type { BlastDomain } from '../../src/batch/blast-domains.js';
import type { BlastRow } from '../../src/batch/blast-rows.js';
import { MAX_HEAT_ROWS, renderHeatmaps } from '../../src/report/blast-heatmap.js';

/** A node blast of `n` nodes where the nodes numbered in `failing` broke the SLO of `web`. */
function nodeBlast(n: number, failing: readonly number[]): BlastResult {
  const domains: BlastDomain[] = Array.from({ length: n }, (_, i) => ({ level: 'node', domain: `z-r1-n${i + 1}` }));
  const rows: BlastRow[] = domains.map((d, i) => {
    const broke = failing.includes(i + 1);
    return { ...d, object: 'deployment/default/web', desired: 3, sloMinReady: 2, minReady: broke ? 1 : 3, downtimeS: broke ? 60 : 0, timeToRecoverS: broke ? 400 : 0, sloMet: !broke, recovered: true };
  });
  return { scenario: 'many', seed: 1, levels: ['node'], forUs: 0, settleUs: 0, domains, rows };
}

/** The domain names of the drawn rows, in order. */
function drawn(html: string): string[] {
  return [...html.matchAll(/<th class="dom">([^<]+)<\/th>/g)].map((m) => m[1]);
}

describe('blast heat map with many domains', () => {
  it(`draws at most ${MAX_HEAT_ROWS} domains of a level, the failing ones among them, in topology order`, () => {
    const n = MAX_HEAT_ROWS + 50;
    // One failing domain past the first MAX_HEAT_ROWS, one before: both must be drawn.
    const failing = [7, MAX_HEAT_ROWS + 40];
    const html = renderHeatmaps(nodeBlast(n, failing), () => 'replay');
    const names = drawn(html);
    expect(names).toHaveLength(MAX_HEAT_ROWS);
    for (const f of failing) expect(names).toContain(`z-r1-n${f}`);
    const order = names.map((x) => Number(x.split('-n')[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain(`The ${MAX_HEAT_ROWS} worst of ${n} node domains`);
  });

  it('draws every domain of a smaller level, with no note', () => {
    const html = renderHeatmaps(nodeBlast(MAX_HEAT_ROWS, [3]), () => 'replay');
    expect(drawn(html)).toHaveLength(MAX_HEAT_ROWS);
    expect(html).not.toContain('worst of');
  });
});
