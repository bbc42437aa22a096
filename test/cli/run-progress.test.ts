// The progress line of `kubeblast run`: its text from a progress sample, and silence when
// stderr is not a terminal (pipes, files, CI logs).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressText, runProgressLine } from '../../src/cli/run-progress.js';

const DAY = 86_400e6;

describe('progress line', () => {
  it('shows simulated time over the duration, the share done, events per second and the ETA', () => {
    const text = progressText({ phase: 'run', simUs: 73 * DAY, durationUs: 365 * DAY, eventsRun: 5e6 }, 123_456.7, 42);
    expect(text).toBe('kubeblast: 73d 00h / 365d 00h (20.0 %) · 123,457 events/s · ETA 42.0 s');
  });

  it('during boot shows the simulated time booted so far, with no share or ETA (its length is unknown)', () => {
    const text = progressText({ phase: 'boot', simUs: 95e6, durationUs: 365 * DAY, eventsRun: 1000 }, 9000, undefined);
    expect(text).toBe('kubeblast: boot 1m 35s simulated · 9,000 events/s');
  });

  it('says ? for an ETA it cannot tell yet', () => {
    expect(progressText({ phase: 'run', simUs: 0, durationUs: DAY, eventsRun: 1 }, 1, undefined)).toMatch(/ETA \?$/);
  });

  it('writes nothing and hooks nothing when the stream is not a terminal', () => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream;
    let written = '';
    (stream as unknown as PassThrough).on('data', (c: Buffer) => (written += c.toString()));
    const line = runProgressLine(stream);
    expect(line.hook).toBeUndefined();
    line.clear();
    expect(written).toBe('');
  });
});
