// The hand-written CSV of availability.csv and events.csv gives csv-stringify's bytes (its
// defaults), field by field and record by record, on awkward fields drawn by fast-check.
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord } from '../../src/metrics/output.js';

describe('CSV like csv-stringify', () => {
  it('quotes commas, quotes, CR and LF; doubles quotes; leaves other fields (empty ones too) bare', () => {
    for (const f of ['', 'plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere', ' spaced ', '-1', '=SUM(A1)', 'µs ✓', '"']) {
      expect(csvRecord([f, 'x']), JSON.stringify(f)).toBe(stringify([[f, 'x']]));
      expect(csvField(f) + ',x\n').toBe(stringify([[f, 'x']]));
    }
  });

  it('matches on any record of arbitrary strings (fast-check, seed 15)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', 'é', '\t', '=', '-', '0') , maxLength: 8 });
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), (rec) => csvRecord(rec) === stringify([rec])),
      { seed: 15, numRuns: 2000 },
    );
  });

  it('a header with no rows is the header line alone, as csv-stringify writes it', () => {
    const columns = ['time_s', 'type', 'reason', 'object', 'message'];
    expect(csvRecord(columns)).toBe(stringify([], { header: true, columns }));
  });
});
