/**
 * Kubernetes resource quantities, read exactly as `resource.Quantity` reads them
 * (k8s.io/apimachinery/pkg/api/resource/quantity.go): a signed decimal number with a binary-SI
 * suffix (Ki Mi Gi Ti Pi Ei), a decimal-SI suffix (n u m "" k M G T P E) or a decimal exponent
 * (`1e3`, `2E-1`). Arithmetic is exact (BigInt), so `0.1` CPU is 100 millicores, not 100.000…1.
 */

/** A quantity that failed to parse; `message` says what was expected. */
export class QuantityError extends Error {}

/** An exact quantity: numerator / denominator (denominator a power of ten). */
interface Exact {
  num: bigint;
  den: bigint;
}

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const FORM = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

function parseExact(input: string | number): Exact {
  const text = typeof input === 'number' ? numberText(input) : input.trim();
  const m = FORM.exec(text);
  if (!m) {
    throw new QuantityError(`expected a Kubernetes quantity such as 500m, 2, 128Mi or 1G, got "${input}"`);
  }
  const [, sign, digits, suffix, exponent] = m;
  const [whole, frac = ''] = digits.split('.');
  let num = BigInt((whole || '0') + frac);
  let den = 10n ** BigInt(frac.length);
  if (sign === '-') num = -num;
  let pow10 = 0;
  if (suffix !== undefined && suffix in BINARY) num *= BINARY[suffix];
  else if (suffix !== undefined) pow10 = DECIMAL[suffix];
  else if (exponent !== undefined) pow10 = Number(exponent);
  if (Math.abs(pow10) > 40) throw new QuantityError(`quantity "${input}" is out of range`);
  if (pow10 >= 0) num *= 10n ** BigInt(pow10);
  else den *= 10n ** BigInt(-pow10);
  return { num, den };
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new QuantityError(`expected a Kubernetes quantity, got ${n}`);
  return String(n);
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

/** CPU as integer millicores, rounded up as `Quantity.MilliValue` does (`0.5` → 500, `1m` → 1). */
export function parseCpuMilli(input: string | number): number {
  const q = parseExact(input);
  if (q.num < 0n) throw new QuantityError(`expected a non-negative CPU quantity, got "${input}"`);
  return Number(ceilDiv(q.num * 1000n, q.den));
}

/** An integer quantity (bytes of memory, pod counts), rounded up as `Quantity.Value` does (`128Mi` → 134217728, `1G` → 1e9). */
export function parseQuantityInt(input: string | number): number {
  const q = parseExact(input);
  if (q.num < 0n) throw new QuantityError(`expected a non-negative quantity, got "${input}"`);
  return Number(ceilDiv(q.num, q.den));
}

/** Formats millicores for humans (`500m`, `2`, `1.5`). */
export function formatCpu(milli: number): string {
  if (milli % 1000 === 0) return String(milli / 1000);
  return milli < 1000 ? `${milli}m` : String(milli / 1000);
}

/**
 * Formats bytes in the shortest exact form, binary or decimal (`128Mi`, `256M`, `1G`), preferring
 * binary on a tie as memory usually is; values with no exact suffix are approximated to two
 * decimals in Gi or Mi, or written plainly.
 */
export function formatBytes(bytes: number): string {
  const exact = [exactSuffix(bytes, BINARY_SIZES), exactSuffix(bytes, DECIMAL_SIZES)].filter((s): s is string => s !== undefined);
  if (exact.length > 0) return exact.reduce((best, s) => (s.length < best.length ? s : best));
  if (bytes >= 2 ** 30) return `${+(bytes / 2 ** 30).toFixed(2)}Gi`;
  if (bytes >= 2 ** 20) return `${+(bytes / 2 ** 20).toFixed(2)}Mi`;
  return String(bytes);
}

const BINARY_SIZES = [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const;
const DECIMAL_SIZES = [['E', 1e18], ['P', 1e15], ['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]] as const;

/** `bytes` with the largest suffix of `sizes` that divides it exactly, if any. */
function exactSuffix(bytes: number, sizes: ReadonlyArray<readonly [string, number]>): string | undefined {
  for (const [suffix, size] of sizes) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return undefined;
}
