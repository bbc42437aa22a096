// Quantities as k8s.io/apimachinery/pkg/api/resource reads them: ParseQuantity accepts a signed
// decimal (leading `.` and trailing `.` allowed), then a binary-SI suffix (Ki…Ei), a decimal-SI
// suffix (n u m "" k M G T P E) or a decimal exponent (e3, E-2, e+21); non-zero values are
// rounded up, and MilliValue / Value round up to their scale (ScaledValue uses ceiling).
import { describe, expect, it } from 'vitest';
import { formatBytes, formatCpu, parseCpuMilli, parseQuantityInt, QuantityError } from '../../src/units/quantity.js';

describe('parseCpuMilli: CPU as Quantity.MilliValue()', () => {
  const cases: Array<[string | number, number]> = [
    ['500m', 500],
    ['0.5', 500],
    ['.5', 500],
    ['0.1', 100], // exact decimal, not 100.00000000000001
    ['1', 1000],
    ['2', 2000],
    ['1m', 1],
    ['1.5m', 2], // 1.5 millicores round up to 2
    ['0.0001', 1], // 0.1 millicore rounds up to 1: "if you want some resources, you should get some"
    ['1n', 1],
    ['250u', 1],
    ['1e3', 1_000_000],
    ['2E-1', 200],
    ['1.', 1000], // upstream: "we currently allow 1.G"
    ['+1', 1000],
    ['0', 0],
    ['0.30000000000000004', 301], // what a YAML float 0.1+0.2 reaches the API server as
    ['1k', 1_000_000],
    ['  250m ', 250], // UnmarshalJSON trims spaces before ParseQuantity
    [0.5, 500],
    [0.1, 100],
    [2, 2000],
    [1e-7, 1], // String(1e-7) is "1e-7"
  ];
  for (const [input, milli] of cases) {
    it(`${JSON.stringify(input)} → ${milli}m`, () => {
      expect(parseCpuMilli(input)).toBe(milli);
    });
  }
});

describe('parseQuantityInt: memory and counts as Quantity.Value()', () => {
  const cases: Array<[string | number, number]> = [
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['64Gi', 64 * 2 ** 30],
    ['1G', 1e9],
    ['256M', 256_000_000],
    ['1e3', 1000],
    ['1.5Ki', 1536],
    ['0.5Ki', 512],
    ['1.1Ki', 1127], // 1126.4 rounds up
    ['1k', 1000],
    ['1Ti', 2 ** 40],
    ['1E', 1e18], // exa, not an exponent
    ['1500m', 2], // 1.5 rounds up
    ['110', 110],
    [110, 110],
    [1e21, 1e21], // String(1e21) is "1e+21"
    ['0', 0],
  ];
  for (const [input, value] of cases) {
    it(`${JSON.stringify(input)} → ${value}`, () => {
      expect(parseQuantityInt(input)).toBe(value);
    });
  }
});

describe('rejected forms', () => {
  const bad: Array<string | number> = [
    '1.2.3', // a second '.' is neither digit nor suffix: ErrFormatWrong
    '10X', // unknown suffix: ErrSuffix
    '1K', // decimal kilo is lower-case k; K only starts Ki
    '1ki',
    '1Kib',
    '1e', // an exponent needs digits
    '1Ki3',
    'abc',
    '',
    '   ',
    '1 Gi',
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ];
  for (const input of bad) {
    it(`${JSON.stringify(input)} is not a quantity`, () => {
      expect(() => parseCpuMilli(input)).toThrow(QuantityError);
      expect(() => parseQuantityInt(input)).toThrow(QuantityError);
    });
  }

  it('negative quantities are valid Kubernetes syntax but not valid capacity or requests', () => {
    for (const input of ['-1', '-500m', -1]) {
      expect(() => parseCpuMilli(input)).toThrow(/non-negative/);
      expect(() => parseQuantityInt(input)).toThrow(/non-negative/);
    }
  });

  it('the message shows the input and the expected forms', () => {
    expect(() => parseQuantityInt('10X')).toThrow(/"10X".*500m|500m.*"10X"/);
  });
});

describe('formatting', () => {
  it('formatCpu writes whole cores plainly and fractions of a core in millicores', () => {
    expect(formatCpu(2000)).toBe('2');
    expect(formatCpu(500)).toBe('500m');
    expect(formatCpu(1)).toBe('1m');
    expect(formatCpu(1500)).toBe('1.5');
    expect(formatCpu(0)).toBe('0');
  });

  it('formatBytes picks the shortest exact suffix and round-trips through parseQuantityInt', () => {
    const cases: Array<[number, string]> = [
      [128 * 2 ** 20, '128Mi'],
      [64 * 2 ** 30, '64Gi'],
      [1e9, '1G'],
      [256e6, '256M'],
      [1000, '1k'],
      [1536, '1536'], // 1.5Ki is not a whole number of Ki
      [2_048_000, '2048k'], // shorter than 2000Ki
      [7, '7'],
    ];
    for (const [bytes, text] of cases) {
      expect(formatBytes(bytes)).toBe(text);
      expect(parseQuantityInt(formatBytes(bytes))).toBe(bytes);
    }
    expect(formatBytes(1.3 * 2 ** 30)).toBe('1.3Gi'); // no exact form: approximated
  });
});
