/**
 * A sweep's --out that cannot be created is bad input (exit 2, one line naming it), never a hang:
 * Node's recursive mkdir retries forever where a parent exists but refuses children with ENOENT
 * (/proc), so the sweep folder is made one level at a time as `run`'s outputs are.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run.js';

describe('sweep --out that cannot be created', () => {
  it('under /proc: exit 2 naming --out, no stack trace', async () => {
    const r = await runCli(['sweep', 'test/batch/fixtures/small.yaml', '--seeds', '1..1', '--workers', '1', '--quiet', '--out', '/proc/kubeblast-no/such/dir']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^kubeblast: --out \/proc\/kubeblast-no\/such\/dir: cannot create the folder \(\w+\)\n$/);
  });

  it('under a regular file: exit 2 naming --out', async () => {
    const r = await runCli(['sweep', 'test/batch/fixtures/small.yaml', '--seeds', '1..1', '--workers', '1', '--quiet', '--out', 'package.json/sweep']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/^kubeblast: --out package\.json\/sweep: /);
  });
});
