// validate lists what kubeblast made of each object: simulated as what, defaulted (as
// pkg/apis/apps/v1/defaults.go and core/v1/defaults.go would), read but not simulated, ignored.
import { describe, expect, it } from 'vitest';
import { describeObjects } from '../../src/cli/describe/objects.js';
import type { Scenario } from '../../src/scenario/types.js';
import { load } from '../manifests/helpers.js';

const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  strategy: { type: "" }
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      volumes: [{ name: tmp, emptyDir: {} }]
      containers:
        - name: web
          image: nginx:1.27
          env: [{ name: A, value: b }]
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web } }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: conf }
data: { a: b }
`;

describe('describeObjects', () => {
  it('says per object what was defaulted, what is not simulated, what is ignored', () => {
    const text = describeObjects({ manifests: load(yaml) } as unknown as Scenario).join('\n');
    expect(text).toContain('deployment/default/web: simulated');
    // replicas, strategy ("" reads as omitted), surge/unavailable, history, deadline; pod defaults; DefaultTolerationSeconds
    expect(text).toContain('defaulted: replicas 1, strategy RollingUpdate, maxSurge 25%, maxUnavailable 25%, revisionHistoryLimit 10, progressDeadlineSeconds 600, restartPolicy Always, terminationGracePeriodSeconds 30, tolerations not-ready 300s, unreachable 300s (DefaultTolerationSeconds)');
    expect(text).toContain('not simulated: spec.template.spec.volumes, spec.template.spec.containers[].env');
    expect(text).toContain('service/default/web: simulated: endpoints from the pods it selects');
    expect(text).toContain('defaulted: type ClusterIP');
    expect(text).toContain('ConfigMap conf: ignored (v1 ConfigMap is not simulated)');
  });

  it('a CronJob: the history limit it does not set is defaulted (SetDefaults_CronJob: 3 successful, 1 failed)', () => {
    const cj = 'apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: c }\nspec:\n  schedule: "0 * * * *"\n  successfulJobsHistoryLimit: 1\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{ name: c, image: i }]\n';
    const text = describeObjects({ manifests: load(cj) } as unknown as Scenario).join('\n');
    expect(text).toContain('defaulted: concurrencyPolicy Allow, backoffLimit 6, failedJobsHistoryLimit 1');
    expect(text).not.toContain('successfulJobsHistoryLimit');
  });
});
