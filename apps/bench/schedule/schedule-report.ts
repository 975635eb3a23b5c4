import type { FanoutReport } from './fanout-suite';
import type { MixedPlansResult } from './mixed-plans.bench';
import type { PhaseResult } from './schedule.bench';

/** The human table of `bench schedule`. */
export function formatScheduleReport(ours: PhaseResult[], naive: PhaseResult[], fanout: FanoutReport | null): string {
  const lines = [
    '',
    'scans started per 5 s bucket (target: steady within ±10 %; after a change, no bucket above 1.2 × target)',
    '',
  ];
  lines.push(
    `${'scheduler'.padEnd(10)}${'phase'.padEnd(18)}${'target/s'.padStart(9)}${'max/target'.padStart(12)}${'min/target'.padStart(12)}  buckets`,
  );
  for (const [who, results] of [
    ['adaptive', ours],
    ['naive', naive],
  ] as const) {
    for (const phase of results) {
      lines.push(
        `${who.padEnd(10)}${phase.name.padEnd(18)}${String(phase.target_rate).padStart(9)}${phase.max_bucket_ratio.toFixed(3).padStart(12)}${phase.min_bucket_ratio.toFixed(3).padStart(12)}  ${phase.buckets.join(' ')}`,
      );
    }
  }
  if (fanout) {
    lines.push('', 'fan-out designs (empty workflows, in-memory dev server)', '');
    lines.push(
      `${'design'.padEnd(18)}${'starts/s'.padStart(10)}${'completed/s'.padStart(13)}${'parent history events / 1000'.padStart(31)}`,
    );
    for (const design of ['direct', 'batch_child', 'activity_client'] as const) {
      const f = fanout[design];
      lines.push(
        `${design.padEnd(18)}${String(f.starts_per_s).padStart(10)}${String(f.completed_per_s).padStart(13)}${String(f.parent_history_per_1000).padStart(31)}`,
      );
    }
    const bare = fanout.bare_ceiling;
    lines.push(
      '',
      `bare ceiling (empty workflows started and completed per second): in-memory ${bare.memory_wal_sync_off}/s, SQLite file WAL+synchronous=OFF ${bare.file_wal_sync_off}/s, SQLite file without pragmas ${bare.file_no_pragmas}/s`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The mixed-plan phase: buckets against the total target after the change, and each plan's achieved frequency. */
export function formatMixedPlans(mixed: MixedPlansResult): string {
  const lines = [
    '',
    `mixed plans (${mixed.zones} zones: 70 % free, 25 % pro, 5 % enterprise; enterprise frequency halved at the start of the measurement)`,
    `  buckets vs ${mixed.target_rate}/s: max ${mixed.max_bucket_ratio.toFixed(3)}, min ${mixed.min_bucket_ratio.toFixed(3)} (target: max ≤ 1.2)  ${mixed.buckets.join(' ')}`,
    `  ${'plan'.padEnd(12)}${'zones'.padStart(8)}${'target s'.padStart(11)}${'achieved s'.padStart(12)}${'ratio'.padStart(8)}  (target: ratio within 0.9–1.1)`,
  ];
  for (const plan of mixed.plans)
    lines.push(
      `  ${plan.plan.padEnd(12)}${String(plan.zones).padStart(8)}${String(plan.target_frequency_s).padStart(11)}${String(plan.achieved_frequency_s ?? 'n/a').padStart(12)}${String(plan.ratio ?? 'n/a').padStart(8)}`,
    );
  return `${lines.join('\n')}\n`;
}
