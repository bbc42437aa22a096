/**
 * Scenarios parsed once per worker: keyed by the resolved path and a hash of the file's bytes, so
 * a worker that runs many seeds parses each scenario once, and an edited file is parsed again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';

const cache = new Map<string, Scenario>();

/** sha256 of a file's bytes, hex. */
export function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The scenario at `path`, parsed once per (resolved path, contents). */
export function cachedScenario(path: string): Scenario {
  const abs = resolve(path);
  const key = `${abs}\0${fileHash(abs)}`;
  let s = cache.get(key);
  if (!s) {
    s = loadScenario(path);
    cache.set(key, s);
  }
  return s;
}

/** How many scenarios this thread holds parsed (for tests). */
export function cachedCount(): number {
  return cache.size;
}
