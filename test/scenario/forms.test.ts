import { describe, expect, it } from 'vitest';
import { distribution, duration, positiveDuration, cpuQuantity, byteQuantity } from '../../src/scenario/forms.js';
import { MS, SEC, HOUR, MIN } from '../../src/kernel/time.js';

function err(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ message: string; path: PropertyKey[]; code: string }> } } }, v: unknown) {
  const r = schema.safeParse(v);
  expect(r.success).toBe(false);
  return r.error!.issues[0];
}

describe('distribution forms', () => {
  const d = distribution();
  it('reads a plain duration as fixed', () => {
    expect(d.parse('250ms')).toEqual({ dist: 'fixed', value: 250 * MS });
    expect(d.parse(0)).toEqual({ dist: 'fixed', value: 0 });
  });
  it('reads a plain duration as exponential for mtbf/mttr', () => {
    expect(distribution('exponential').parse('4000h')).toEqual({ dist: 'exponential', mean: 4000 * HOUR });
  });
  it('reads every mapping form, durations in µs', () => {
    expect(d.parse({ dist: 'fixed', value: '1s' })).toEqual({ dist: 'fixed', value: SEC });
    expect(d.parse({ dist: 'uniform', min: '1s', max: '3s' })).toEqual({ dist: 'uniform', min: SEC, max: 3 * SEC });
    expect(d.parse({ dist: 'exponential', mean: '5m' })).toEqual({ dist: 'exponential', mean: 5 * MIN });
    expect(d.parse({ dist: 'weibull', shape: 0.7, scale: '2h' })).toEqual({ dist: 'weibull', shape: 0.7, scale: 2 * HOUR });
    expect(d.parse({ dist: 'lognormal', median: '2ms', sigma: 0.5 })).toEqual({ dist: 'lognormal', median: 2 * MS, sigma: 0.5 });
    expect(d.parse({ dist: 'normal', mean: '10s', stddev: '2s' })).toEqual({ dist: 'normal', mean: 10 * SEC, stddev: 2 * SEC });
  });
  it('rejects bad parameters where they are', () => {
    expect(err(d, { dist: 'gamma', k: 2 })).toMatchObject({ path: ['dist'], message: expect.stringMatching(/unknown distribution "gamma"; expected one of fixed, uniform/) });
    expect(err(d, { dist: 'lognormal', median: '2s' }).message).toMatch(/expected "sigma": lognormal takes median and sigma/);
    expect(err(d, { dist: 'lognormal', median: '2s', sigma: 0 })).toMatchObject({ path: ['sigma'], message: 'expected sigma > 0, got 0' });
    expect(err(d, { dist: 'uniform', min: '3s', max: '1s' })).toMatchObject({ path: ['max'], message: 'expected max ≥ min' });
    expect(err(d, { dist: 'weibull', shape: -1, scale: '1h' })).toMatchObject({ path: ['shape'] });
    expect(err(d, { dist: 'exponential', mean: '5m', sigma: 1 })).toMatchObject({ code: 'unrecognized_keys' });
    expect(err(d, { median: '2s' }).message).toMatch(/expected a "dist" field/);
    expect(err(d, { dist: 'fixed', value: 'soon' })).toMatchObject({ path: ['value'] });
    expect(err(d, [1, 2]).message).toMatch(/expected a duration .* or a distribution/);
    expect(err(distribution('exponential'), '0').message).toMatch(/positive/);
  });
});

describe('durations and quantities', () => {
  it('parses durations and says what was expected', () => {
    expect(duration.parse('1h30m')).toBe(90 * MIN);
    expect(err(duration, '-5m').message).toBe('expected a non-negative duration, got "-5m"');
    expect(err(duration, 30).message).toBe('expected a duration with a unit such as 30s, got 30');
    expect(err(duration, 'soon').message).toMatch(/^expected a duration such as/);
    expect(err(positiveDuration, '0s').message).toMatch(/positive/);
  });
  it('parses cpu and memory quantities', () => {
    expect(cpuQuantity.parse('16')).toBe(16000);
    expect(cpuQuantity.parse(0.5)).toBe(500);
    expect(byteQuantity.parse('64Gi')).toBe(64 * 2 ** 30);
    expect(err(cpuQuantity, 'lots').message).toMatch(/expected a Kubernetes quantity/);
    expect(err(byteQuantity, '0').message).toMatch(/positive/);
  });
});
