/**
 * The pod side of every kubelet: start (image pull → container start → readiness), run to
 * completion, kill and confirm deletion, die with the host, re-sync after a restart or a
 * reconnection, and report status through `kubelet-apiserver` writes. The kubelet owns the truth:
 * `metrics.podTruth` is called here and only here, exactly when containers start or stop serving.
 */
import type { PodObj } from '../apiserver/objects.js';
import { sampleTime } from '../kernel/dist.js';
import type { Time } from '../kernel/time.js';
import type { WorldContext } from '../world/context.js';
import { PRIORITY } from '../world/priority.js';
import { rngFor, type NodeAgent } from './agent.js';
import { backoffNext, CRASH_AFTER_US, restartDelay, type AppFaults } from './appfaults.js';
import {
  containersRunning, desiredStatus, newRun, readinessPassesAt, runDuration, runsToCompletion, statusMatches, type PodRun,
} from './pod-run.js';

/** Pod lifecycle of all kubelets; `requestSync(agent)` asks for a status-sync tick to retry writes. */
export class PodLifecycle {
  constructor(
    private readonly ctx: WorldContext,
    private readonly requestSync: (a: NodeAgent) => void,
    private readonly app: AppFaults,
  ) {}

  /** A pod bound to the node, seen by its kubelet for the first time. */
  admit(a: NodeAgent, pod: PodObj): void {
    if (a.runs.has(pod.uid)) return;
    const run = newRun(pod, this.probeWorkerStart(a, pod));
    a.runs.set(pod.uid, run);
    this.startContainers(a, run);
  }

  /**
   * The pod is being deleted: kill its containers, then confirm. The pod stops serving at once:
   * kubeblast counts SIGTERM as the end of readiness (⚠ an app that drains in-flight requests
   * serves a little longer). Stopping takes `podStop`, capped at terminationGracePeriodSeconds
   * (ref: pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer, gracePeriod).
   */
  kill(a: NodeAgent, run: PodRun): void {
    if (run.stage === 'stopping') return;
    if (run.stage === 'stopped') {
      this.confirm(a, run);
      return;
    }
    this.cancelTimers(run);
    this.setTruth(run, false);
    if (!containersRunning(run)) {
      run.stage = 'stopped';
      this.confirm(a, run);
      return;
    }
    run.stage = 'stopping';
    this.ctx.events.add(this.ctx.sim.now, 'Normal', 'Killing', run.pod.key, 'Stopping container');
    const stopUs = Math.min(sampleTime(this.ctx.scenario.kubelet.podStop, rngFor(a, 'stop')), run.pod.template.terminationGracePeriodUs);
    run.timer = this.ctx.sim.after(stopUs, 'kubelet container stopped', () => {
      run.timer = -1;
      run.stage = 'stopped';
      this.confirm(a, run);
    }, PRIORITY.kubelet);
  }

  /** The kubelet forgets a pod that left the API without its confirmation (force deletion). */
  drop(a: NodeAgent, run: PodRun): void {
    this.cancelTimers(run);
    this.setTruth(run, false);
    a.runs.delete(run.pod.uid);
  }

  /** The host went down: every container dies at once. Images stay on disk. */
  hostDown(a: NodeAgent): void {
    for (const run of a.runs.values()) {
      this.cancelTimers(run);
      this.setTruth(run, false);
      if (run.stage === 'exited' || run.stage === 'failed' || run.stage === 'stopped') continue;
      // A Never pod whose container died does not come back (ref: pkg/kubelet/kubelet_pods.go getPhase).
      run.stage = run.pod.template.restartPolicy === 'Never' && run.everStarted ? 'failed' : 'dead';
    }
    this.abandonPulls(a);
  }

  /**
   * The kubelet process stopped (`kubelet-stop`): running containers keep running and their
   * readiness keeps evolving (the truth), but pulls and container creations it drives are
   * abandoned until it returns; kills already under way finish in the runtime.
   */
  kubeletStopped(a: NodeAgent): void {
    for (const run of a.runs.values()) {
      if (run.stage !== 'pulling' && run.stage !== 'starting' && run.stage !== 'crashed') continue;
      this.ctx.sim.cancel(run.timer);
      run.timer = -1;
      run.stage = 'waiting';
    }
    this.abandonPulls(a);
  }

  /**
   * The kubelet became active (started, or reconnected): compare its pods with what the API holds
   * (ref: pkg/kubelet/kubelet.go syncLoop / HandlePodAdditions; pod_workers.go). Pods deleted
   * meanwhile are killed and confirmed, pods bound meanwhile started, pods whose containers died
   * with the host restarted (restartCount + 1), statuses that differ marked for the next sync.
   */
  resync(a: NodeAgent): void {
    const bound = [...this.ctx.store.podsOnNode[a.host]];
    const seen = new Set<number>();
    for (const pod of bound) {
      seen.add(pod.uid);
      let run = a.runs.get(pod.uid);
      if (pod.deletionTimestamp >= 0) {
        if (!run) {
          run = newRun(pod, this.ctx.sim.now);
          a.runs.set(pod.uid, run);
        }
        this.kill(a, run);
        continue;
      }
      if (!run) {
        this.admit(a, pod);
        continue;
      }
      if (run.stage === 'dead' || run.stage === 'waiting') {
        if (run.stage === 'dead') run.restarts++;
        run.workerUs = this.probeWorkerStart(a, pod); // a new kubelet process made new probe workers
        this.startContainers(a, run);
        continue;
      }
      // A write still waiting for the path went out when the path returned: no second one.
      const want = desiredStatus(run);
      if (want && !statusMatches(pod, want) && run.inFlight === 0) run.dirty = true;
    }
    for (const run of [...a.runs.values()]) if (!seen.has(run.pod.uid)) this.drop(a, run);
  }

  /**
   * The pod's status in the API changed. When it no longer shows what the kubelet knows — someone
   * else wrote it, e.g. the node lifecycle controller's MarkPodsNotReady while the kubelet was
   * still (or again) running and connected — the status manager writes its own back at its next
   * periodic sync, as the source of truth of pod status (ref: pkg/kubelet/status/status_manager.go
   * syncBatch every syncPeriod = 10 s, needsReconcile). ⚠ kubeblast runs that sync on the
   * kubelet's status-sync grid (nodeStatusUpdateFrequency, also 10 s by default).
   */
  statusChanged(a: NodeAgent, run: PodRun): void {
    const want = desiredStatus(run);
    if (want === null || statusMatches(run.pod, want)) return;
    run.dirty = true;
    this.requestSync(a);
  }

  /** The status-sync tick: write every status and confirmation that could not be written before. */
  sync(a: NodeAgent): void {
    for (const run of [...a.runs.values()]) {
      if (!run.dirty) continue;
      if (run.stage === 'stopped') this.confirm(a, run);
      else this.postStatus(a, run);
    }
  }

  /**
   * When the readiness worker created now for `pod` runs its first probe: at once, unless the
   * kubelet process started less than one period ago, when it first sleeps a uniform fraction of
   * the period (ref: pkg/kubelet/prober/worker.go `run`, "If kubelet restarted the probes could be
   * started in rapid succession"). Draws from `kubelet/<node>/probe` only in that case.
   */
  private probeWorkerStart(a: NodeAgent, pod: PodObj): Time {
    const now = this.ctx.sim.now;
    const r = pod.template.readiness;
    if (r === null || !(now - a.processStartUs < r.periodUs)) return now;
    return now + Math.floor(rngFor(a, 'probe').uniform(0, r.periodUs));
  }

  /**
   * Pulls not finished are lost with the process (the puller is free again at once); images
   * already on disk stay — including a pull that finished after every pod waiting for it was
   * killed: it went on in the runtime.
   */
  private abandonPulls(a: NodeAgent): void {
    const now = this.ctx.sim.now;
    for (const [image, readyUs] of a.images) if (readyUs > now) a.images.delete(image);
    a.pullFreeUs = now;
  }

  private startContainers(a: NodeAgent, run: PodRun): void {
    // The volume manager waits until every volume is attached before the containers are created
    // (ref: pkg/kubelet/kubelet.go SyncPod → volumeManager.WaitForAttachAndMount).
    const volumes = this.ctx.volumes;
    if (volumes && !volumes.waitAttached(run.pod, a.host, () => this.volumesAttached(a, run))) {
      run.stage = 'waiting';
      this.postStatus(a, run);
      return;
    }
    const image = run.pod.template.image;
    if (this.app.imageFailure(image) === 'pull-error') {
      // ErrImagePull, then ImagePullBackOff retries (10 s doubling to 300 s) that never succeed:
      // nothing they do changes the pod, so none is simulated (one event, the pod stays Pending).
      run.stage = 'pulling';
      this.ctx.events.add(this.ctx.sim.now, 'Warning', 'Failed', run.pod.key, `Failed to pull image "${image}": ErrImagePull`);
      this.postStatus(a, run);
      return;
    }
    let doneUs = a.images.get(image);
    if (doneUs !== undefined && doneUs <= this.ctx.sim.now) {
      this.createContainers(a, run);
      return;
    }
    run.stage = 'pulling';
    if (doneUs === undefined) {
      // serializeImagePulls defaults to true: one pull at a time per node, a second pod of the same
      // image waits for the same pull — ref: pkg/kubelet/apis/config/v1beta1/defaults.go
      // (SerializeImagePulls), pkg/kubelet/images/puller.go (serialImagePuller).
      const beginUs = Math.max(this.ctx.sim.now, a.pullFreeUs);
      doneUs = beginUs + sampleTime(this.ctx.scenario.kubelet.imagePull, rngFor(a, 'pull'));
      a.pullFreeUs = doneUs;
      a.images.set(image, doneUs);
    }
    run.timer = this.ctx.sim.at(doneUs, 'kubelet image pulled', () => {
      run.timer = -1;
      this.createContainers(a, run);
    }, PRIORITY.kubelet);
    this.postStatus(a, run);
  }

  /** The volumes a waiting pod needed are attached: it carries on if this kubelet still runs it. */
  private volumesAttached(a: NodeAgent, run: PodRun): void {
    if (a.runs.get(run.pod.uid) !== run || run.stage !== 'waiting' || !a.running) return;
    this.startContainers(a, run);
  }

  private createContainers(a: NodeAgent, run: PodRun): void {
    run.stage = 'starting';
    run.timer = this.ctx.sim.after(sampleTime(this.ctx.scenario.kubelet.containerStart, rngFor(a, 'start')), 'kubelet container started', () => this.started(a, run), PRIORITY.kubelet);
    this.postStatus(a, run);
  }

  private started(a: NodeAgent, run: PodRun): void {
    run.timer = -1;
    run.stage = 'probing';
    run.everStarted = true;
    this.ctx.events.add(this.ctx.sim.now, 'Normal', 'Started', run.pod.key, 'Started container');
    const failure = this.app.imageFailure(run.pod.template.image);
    if (failure === 'crash-loop' || this.app.isCrashing(run.pod.workloadKey)) {
      run.timer = this.ctx.sim.after(CRASH_AFTER_US, 'kubelet container crashed', () => this.crashed(a, run), PRIORITY.kubelet);
      this.postStatus(a, run);
      return;
    }
    if (failure === 'never-ready') {
      // Its readiness probe never passes (with no probe, as if it had one that fails).
      this.postStatus(a, run);
      return;
    }
    if (runsToCompletion(run.pod)) {
      run.exitTimer = this.ctx.sim.after(runDuration(run.pod), 'kubelet container exited', () => this.exited(a, run), PRIORITY.kubelet);
    }
    const delayUs = readinessPassesAt(this.ctx.sim.now, run.workerUs, run.pod.template.readiness) - this.ctx.sim.now;
    if (delayUs === 0) {
      this.becomeReady(a, run);
      return;
    }
    run.timer = this.ctx.sim.after(delayUs, 'kubelet readiness passed', () => this.becomeReady(a, run), PRIORITY.kubelet);
    this.postStatus(a, run);
  }

  private becomeReady(a: NodeAgent, run: PodRun): void {
    run.timer = -1;
    run.stage = 'ready';
    this.setTruth(run, true);
    this.postStatus(a, run);
  }

  /** `container-crash` started: the running containers of `workload` exit with an error now. */
  crashWorkload(a: NodeAgent, workload: string): void {
    for (const run of a.runs.values()) {
      if (run.pod.workloadKey !== workload || !containersRunning(run)) continue;
      this.cancelTimers(run);
      this.crashed(a, run);
    }
  }

  /**
   * The container exited with an error: it stops serving, and the kubelet restarts it when its
   * back-off allows (kuberuntime `doBackOff` from the exit time; the first restart is immediate,
   * then 10 s doubling to 300 s, forgotten after 10 min without a restart).
   */
  private crashed(a: NodeAgent, run: PodRun): void {
    const now = this.ctx.sim.now;
    run.timer = -1;
    run.stage = 'crashed';
    this.setTruth(run, false);
    const wait = restartDelay(run.backoff, now, now);
    if (wait > 0) this.ctx.events.add(now, 'Warning', 'BackOff', run.pod.key, 'Back-off restarting failed container');
    run.timer = this.ctx.sim.after(wait, 'kubelet container restart', () => {
      run.timer = -1;
      backoffNext(run.backoff, this.ctx.sim.now);
      run.restarts++;
      this.createContainers(a, run);
    }, PRIORITY.kubelet);
    this.postStatus(a, run);
  }

  /** A run-to-completion container exited 0: the pod Succeeded (ref: pkg/kubelet/kubelet_pods.go getPhase). */
  private exited(a: NodeAgent, run: PodRun): void {
    run.exitTimer = -1;
    this.ctx.sim.cancel(run.timer);
    run.timer = -1;
    run.stage = 'exited';
    this.setTruth(run, false);
    this.postStatus(a, run);
  }

  /**
   * Writes the status the kubelet wants the API to show, if it differs (ref: pkg/kubelet/status/
   * status_manager.go syncPod, needsUpdate). A write is sent whenever the process runs, even with no
   * path: it waits for one, as a real request does, and commits if the path returns before the
   * write path's timeout; one that fails is retried at the next status sync once the path is back.
   * A write that commits after a newer one is ignored.
   */
  private postStatus(a: NodeAgent, run: PodRun): void {
    const want = desiredStatus(run);
    if (want === null) return;
    if (!a.running) {
      run.dirty = true;
      return;
    }
    run.dirty = false;
    if (statusMatches(run.pod, want)) return;
    const seq = ++run.seq;
    const { pod } = run;
    run.inFlight++;
    this.ctx.writePath.submit(a.host, 'kubelet-apiserver', `kubelet status ${pod.key}`, () => {
      run.inFlight--;
      if (seq <= run.committedSeq || this.ctx.store.pods.get(pod.uid) !== pod) return;
      run.committedSeq = seq;
      this.ctx.store.setPodStatus(pod, want, this.ctx.sim.now);
    }, () => {
      run.inFlight--;
      if (seq <= run.committedSeq) return;
      run.dirty = true;
      this.requestSync(a);
    }, 'kubelet status'); // requesterOf(label), named here so that no label is parsed per write
  }

  /**
   * Confirms a deletion once the containers are gone: the commit removes the pod (ref:
   * status_manager.go canBeDeleted → Delete with grace 0). Sent, like a status, whenever the process runs.
   */
  private confirm(a: NodeAgent, run: PodRun): void {
    if (!a.running) {
      run.dirty = true;
      return;
    }
    run.dirty = false;
    const { pod } = run;
    run.inFlight++;
    this.ctx.writePath.submit(a.host, 'kubelet-apiserver', `kubelet confirm deletion ${pod.key}`, () => {
      run.inFlight--;
      if (a.runs.get(pod.uid) === run) a.runs.delete(pod.uid);
      this.ctx.store.removePod(pod);
    }, () => {
      run.inFlight--;
      if (a.runs.get(pod.uid) !== run) return;
      run.dirty = true;
      this.requestSync(a);
    }, 'kubelet confirm');
  }

  private cancelTimers(run: PodRun): void {
    if (run.timer >= 0) this.ctx.sim.cancel(run.timer);
    if (run.exitTimer >= 0) this.ctx.sim.cancel(run.exitTimer);
    run.timer = -1;
    run.exitTimer = -1;
  }

  private setTruth(run: PodRun, ready: boolean): void {
    if (run.truth === ready) return;
    run.truth = ready;
    this.ctx.metrics.podTruth(run.pod, ready, this.ctx.sim.now);
  }
}
