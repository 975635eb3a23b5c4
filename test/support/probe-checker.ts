import { NonRetryableCheckError, type Checker } from '../../libs/checkers';
import { ERROR_TYPES, type Finding } from '../../libs/domain';

/** How the probe behaves for one zone: its latency, and errors to throw before succeeding. */
export interface ProbeBehaviour {
  latencyMs: number;
  /** Throw a retryable error on this many runs first. */
  failRuns?: number;
  /** Refuse the target (non-retryable) on every run. */
  refuse?: boolean;
}

export interface ProbeEvent {
  zone: string;
  event: 'started' | 'completed' | 'aborted' | 'failed';
}

/** A probe checker and the log of what happened to its runs. */
export interface ProbeChecker {
  checker: Checker;
  events: ProbeEvent[];
}

/**
 * A real checker for tests (id `probe`): per-zone latency and failures set by the test, and
 * a log of what happened to each run, so a test can see a check cancelled mid-way. Its one
 * finding's subject carries `label`, so insights show which worker's checker wrote them.
 */
export function createProbeChecker(label: string, behaviours: Map<string, ProbeBehaviour>): ProbeChecker {
  const events: ProbeEvent[] = [];
  const runs = new Map<string, number>();
  const checker: Checker = {
    id: 'probe',
    async run(zone, ctx): Promise<Finding[]> {
      const behaviour = behaviours.get(zone.name) ?? { latencyMs: 5 };
      const run = (runs.get(zone.name) ?? 0) + 1;
      runs.set(zone.name, run);
      events.push({ zone: zone.name, event: 'started' });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, behaviour.latencyMs);
        ctx.signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            events.push({ zone: zone.name, event: 'aborted' });
            reject(ctx.signal.reason);
          },
          { once: true },
        );
      });
      if (behaviour.refuse) {
        events.push({ zone: zone.name, event: 'failed' });
        throw new NonRetryableCheckError(
          ERROR_TYPES.targetRefused,
          'target resolves to 10.0.0.1, a private address: refused',
        );
      }
      if (run <= (behaviour.failRuns ?? 0)) {
        events.push({ zone: zone.name, event: 'failed' });
        throw new Error(`connection reset (run ${run})`);
      }
      events.push({ zone: zone.name, event: 'completed' });
      return [
        {
          kind: 'probe-finding',
          subject: `${label}.${zone.name}`,
          severity: 'low',
          title: `probe finding by ${label}`,
          details: {},
        },
      ];
    },
  };
  return { checker, events };
}
