import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What a group commit reports after each flush (see GroupCommitOptions.onFlush in libs/db). */
export interface FlushReport {
  results: number;
  rows: number;
  seconds: number;
  ok: boolean;
}

/** What the scheduler's tick activity reports after each tick. */
export interface TickReport {
  targetRatePerSecond: number;
  desiredRatePerSecond: number;
  started: number;
  spanSeconds: number;
  inFlight: number;
  heldBack: number;
  dueZones: number;
  activeZones: number;
  /** Of `started`, scans whose first workflow task the server handed straight to this process (eager start). */
  eagerStarted?: number;
  /** Scans whose eager start was asked for and fell back to an ordinary start (no free workflow-task slot). */
  eagerFallback?: number;
}

/**
 * Our Prometheus metrics of one worker process, in a registry of its own (tests run several
 * worker sets in one process). Names are what deploy/ scrapes and charts: change both together.
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly scans: Counter<'lane' | 'outcome'>;
  private readonly laneMoves: Counter<'from' | 'to'>;
  private readonly checks: Histogram<'checker' | 'lane' | 'status'>;
  private readonly persistRows: Histogram;
  private readonly persistResults: Histogram;
  private readonly persistSeconds: Histogram<'result'>;
  private readonly flushes: Counter<'result'>;
  private readonly schedulerGauges: Record<
    keyof Omit<TickReport, 'started' | 'spanSeconds' | 'eagerStarted' | 'eagerFallback'> | 'achieved',
    Gauge
  >;
  private readonly scansStarted: Counter;
  private readonly scansStartedEagerly: Counter;
  private readonly eagerFallbacks: Counter;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'security_insights_worker_' });
    const registers = [this.registry];
    this.scans = new Counter({
      name: 'security_insights_scans_total',
      help: 'Scans persisted by this worker, by the lane they finished on and outcome (completed, partial: some checkers failed, failed)',
      labelNames: ['lane', 'outcome'],
      registers,
    });
    this.laneMoves = new Counter({
      name: 'security_insights_lane_moves_total',
      help: 'Scans that overran the fast budget and moved their zone to the slow lane (promotions back are applied by the database and not counted here)',
      labelNames: ['from', 'to'],
      registers,
    });
    this.checks = new Histogram({
      name: 'security_insights_check_duration_seconds',
      help: 'How long one checker took on one zone, by checker, lane and status (completed, failed, cancelled: budget or cancellation)',
      labelNames: ['checker', 'lane', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    });
    this.persistRows = new Histogram({
      name: 'security_insights_persist_batch_rows',
      help: 'Findings written per group commit',
      buckets: [0, 1, 10, 50, 100, 500, 1000, 5000, 20000, 100000],
      registers,
    });
    this.persistResults = new Histogram({
      name: 'security_insights_persist_batch_scans',
      help: 'Scan results coalesced into one group commit',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers,
    });
    this.persistSeconds = new Histogram({
      name: 'security_insights_persist_duration_seconds',
      help: 'Time of one group commit (one transaction), by result',
      labelNames: ['result'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.flushes = new Counter({
      name: 'security_insights_group_commit_flushes_total',
      help: 'Group commits of scan results, by result (ok, error: the group is retried in halves)',
      labelNames: ['result'],
      registers,
    });
    const gauge = (name: string, help: string) => new Gauge({ name, help, registers });
    this.schedulerGauges = {
      targetRatePerSecond: gauge(
        'security_insights_scheduler_target_rate',
        'Zones per second the last tick aimed for (catch-up included, within the cap)',
      ),
      desiredRatePerSecond: gauge(
        'security_insights_scheduler_desired_rate',
        'Zones per second the frequency asks for (may exceed the cap)',
      ),
      achieved: gauge(
        'security_insights_scheduler_achieved_rate',
        'Zones per second the last tick actually started (started / seconds it covered)',
      ),
      inFlight: gauge('security_insights_scheduler_in_flight', 'Scans claimed and not yet persisted, at the last tick'),
      heldBack: gauge(
        'security_insights_scheduler_held_back',
        'Zones the last tick did not claim because of the in-flight cap',
      ),
      dueZones: gauge('security_insights_scheduler_due_backlog', 'Zones due for a scan at the last tick'),
      activeZones: gauge('security_insights_scheduler_active_zones', 'Active zones at the last tick'),
    };
    // Known label sets start at 0, so rates and dashboards see a series before its first event.
    for (const lane of ['fast', 'slow'])
      for (const outcome of ['completed', 'partial', 'failed']) this.scans.inc({ lane, outcome }, 0);
    this.laneMoves.inc({ from: 'fast', to: 'slow' }, 0);
    for (const result of ['ok', 'error']) this.flushes.inc({ result }, 0);
    this.scansStarted = new Counter({
      name: 'security_insights_scheduler_scans_started_total',
      help: 'Scan workflows the scheduler ticks of this process claimed and started',
      registers,
    });
    this.scansStartedEagerly = new Counter({
      name: 'security_insights_scheduler_scans_started_eagerly_total',
      help: 'Of the scans started, those whose first workflow task went straight to this process (eager start)',
      registers,
    });
    this.eagerFallbacks = new Counter({
      name: 'security_insights_scheduler_eager_fallback_total',
      help: 'Scans whose eager start was asked for but fell back to an ordinary start: no free workflow-task slot on the lane (raise FAST_LANE_WORKFLOW_TASKS or lower SCHEDULER_MAX_IN_FLIGHT)',
      registers,
    });
  }

  scanPersisted(lane: string, outcome: string): void {
    this.scans.inc({ lane, outcome });
  }

  laneMoved(from: string, to: string): void {
    this.laneMoves.inc({ from, to });
  }

  checkFinished(checker: string, lane: string, status: string, seconds: number): void {
    this.checks.observe({ checker, lane, status }, seconds);
  }

  groupCommitted(flush: FlushReport): void {
    const result = flush.ok ? 'ok' : 'error';
    this.flushes.inc({ result });
    this.persistSeconds.observe({ result }, flush.seconds);
    if (flush.ok) {
      this.persistRows.observe(flush.rows);
      this.persistResults.observe(flush.results);
    }
  }

  tickDone(tick: TickReport): void {
    const g = this.schedulerGauges;
    g.targetRatePerSecond.set(tick.targetRatePerSecond);
    g.desiredRatePerSecond.set(tick.desiredRatePerSecond);
    g.achieved.set(tick.spanSeconds > 0 ? tick.started / tick.spanSeconds : 0);
    g.inFlight.set(tick.inFlight);
    g.heldBack.set(tick.heldBack);
    g.dueZones.set(tick.dueZones);
    g.activeZones.set(tick.activeZones);
    this.scansStarted.inc(tick.started);
    this.scansStartedEagerly.inc(tick.eagerStarted ?? 0);
    this.eagerFallbacks.inc(tick.eagerFallback ?? 0);
  }
}
