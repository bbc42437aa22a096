/**
 * Object names as Kubernetes makes them: `generateName` suffixes (apimachinery
 * pkg/util/rand `String`: 5 characters from a vowel-free alphabet, so names never spell words)
 * and pod-template hashes (pkg/controller/controller_utils.go `ComputeHash`: FNV-32a over the
 * template, printed in decimal and re-encoded with `rand.SafeEncodeString`).
 */
import type { Rng } from '../../kernel/rng.js';
import type { PodTemplate } from '../../manifests/types.js';

// ref: apimachinery pkg/util/rand/rand.go — alphanums (no vowels, no confusable characters).
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5-character suffix the API server appends to a `generateName` (`<rs>-x7kq2`). */
export function randomSuffix(rng: Rng, n = 5): string {
  // Appending one character at a time built a string per step; the usual 5 are drawn in order
  // (argument evaluation is left to right) and joined once.
  if (n === 5) return String.fromCharCode(draw(rng), draw(rng), draw(rng), draw(rng), draw(rng));
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHANUMS[rng.int(ALPHANUMS.length)];
  return s;
}

function draw(rng: Rng): number {
  return ALPHANUMS.charCodeAt(rng.int(ALPHANUMS.length));
}

/** rand.SafeEncodeString: each character mapped into the alphabet by its code point. */
export function safeEncode(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[ch.codePointAt(0)! % ALPHANUMS.length];
  return out;
}

/** 32-bit FNV-1a of a string's UTF-16 code units (hash/fnv New32a). */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys sorted, so that equal templates always print equal (DeepHashObject's role). */
export function stableStringify(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const rec = v as Record<string, unknown>;
  const keys = Object.keys(rec).filter((k) => rec[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(rec[k])}`).join(',')}}`;
}

const hashes = new WeakMap<PodTemplate, string>();

/**
 * The pod-template-hash of a template (ComputeHash with collisionCount nil). Equal templates —
 * a rollback to an old image included — give the same hash, hence the same ReplicaSet name.
 */
export function templateHash(t: PodTemplate): string {
  let h = hashes.get(t);
  if (h === undefined) {
    h = safeEncode(String(fnv32a(stableStringify(t))));
    hashes.set(t, h);
  }
  return h;
}
