/** `validate`: what kubeblast made of every object — simulated as what, what was defaulted, what is read but not simulated. */
import type { Scenario } from '../../scenario/types.js';

function line(key: string, what: string, defaulted: readonly string[], ignored: readonly string[]): string[] {
  const out = [`  ${key}: ${what}`];
  if (defaulted.length > 0) out.push(`    defaulted: ${defaulted.join(', ')}`);
  if (ignored.length > 0) out.push(`    not simulated: ${ignored.join(', ')}`);
  return out;
}

/** One entry per object of the manifests, in the order they were read by kind. */
export function describeObjects(s: Scenario): string[] {
  const m = s.manifests;
  const notes = (key: string) => m.notes?.get(key) ?? { defaulted: [], ignored: [] };
  const lines = ['What kubeblast made of each object:'];
  for (const w of m.workloads) {
    const n = notes(w.key);
    const what = w.kind === 'CronJob' ? `simulated: Jobs on "${w.cron?.schedule}"` : 'simulated';
    lines.push(...line(w.key, what, n.defaulted, n.ignored));
  }
  for (const svc of m.services) {
    const n = notes(svc.key);
    lines.push(...line(svc.key, svc.selector === null ? 'simulated: no selector, no endpoints' : 'simulated: endpoints from the pods it selects', n.defaulted, n.ignored));
  }
  for (const p of m.pdbs) {
    const n = notes(p.key);
    lines.push(...line(p.key, 'simulated: evictions and drains honour it', n.defaulted, n.ignored));
  }
  for (const a of m.admission) {
    const name = a.namespace ? `${a.namespace}/${a.name}` : a.name;
    const what = a.kind === 'LimitRange' ? `applied to the pods of namespace ${a.namespace ?? 'default'} (LimitRanger)` : 'applied to the pods that name it (Priority admission)';
    lines.push(`  ${a.kind.toLowerCase()}/${name}: ${what}`);
  }
  for (const i of m.ignored) lines.push(`  ${i.kind} ${i.namespace ? `${i.namespace}/` : ''}${i.name}: ignored (${i.apiVersion} ${i.kind} is not simulated)`);
  return lines;
}
