/** Small text helpers for the human-readable outputs of the CLI. */
import { describeDist, type Dist } from '../../kernel/dist.js';
import { formatDuration } from '../../units/duration.js';
import { formatBytes, formatCpu } from '../../units/quantity.js';
import type { SourcePos } from '../../errors.js';

/** Left-aligned columns, each row indented by `indent` spaces; trailing spaces trimmed. */
export function table(rows: string[][], indent = 2): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => (' '.repeat(indent) + r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]) : c)).join('  ')).trimEnd());
}

/** A duration distribution in words: `2ms`, `lognormal(median=2ms, sigma=0.5)`. */
export function dist(d: Dist): string {
  return describeDist(d, formatDuration);
}

/** `1 replica`, `3 replicas`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** cpu, memory and pods in one phrase: `4 cpu, 16Gi, 110 pods`. */
export function resources(r: { cpuMilli: number; memoryBytes: number; pods?: number }): string {
  const base = `${formatCpu(r.cpuMilli)} cpu, ${formatBytes(r.memoryBytes)}`;
  return r.pods === undefined ? base : `${base}, ${plural(r.pods, 'pod')}`;
}

/** `file:line:col`. */
export function at(p: SourcePos): string {
  return `${p.file}:${p.line}:${p.col}`;
}

/** A percentage with one decimal (`12.5%`), or `-` for an empty base. */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '-';
}
