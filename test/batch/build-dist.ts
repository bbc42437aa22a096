/**
 * Builds a production-like copy of the batch layer (plain .js, no tsx loader) for tests of the
 * code paths that differ between dist/ and src/ (the worker pool picks worker.js or worker.ts).
 * esbuild (tsx's own compiler) bundles pool.js and worker.js as siblings, the layout dist/ has,
 * with packages left external; type checking is `npm run typecheck`'s job, not this one's.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Builds batch/pool.js and batch/worker.js into `outDir` (inside the repository, so node_modules resolve). */
export async function buildDist(outDir: string): Promise<string> {
  await build({
    entryPoints: ['pool', 'worker'].map((f) => join(ROOT, 'src/batch', `${f}.ts`)),
    outdir: join(outDir, 'batch'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return outDir;
}
