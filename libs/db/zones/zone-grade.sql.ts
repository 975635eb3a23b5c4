import type { PoolClient } from 'pg';
import { CRITICAL_SCORE_CAP, gradeSqlParams } from '../../domain';

/** A scan row the writer just inserted, to be graded. */
export interface GradedScan {
  workflowId: string;
  runId: string;
}

/**
 * Grades the zones of freshly written scans, in one statement inside the writer's transaction
 * (after the findings are applied): the grade of libs/domain/grade.ts, computed here from the
 * zone's open insights with that module's tables as parameters, is stored on each new scan
 * row whose outcome is not `failed`, and on the zone (its latest grade, for listing and
 * sorting). A zone's scans in one group all get the grade its insights have at commit.
 */
export async function gradeScannedZones(client: PoolClient, scans: readonly GradedScan[]): Promise<void> {
  if (scans.length === 0) return;
  const table = gradeSqlParams();
  await client.query(
    `WITH graded_scans AS (
       SELECT s.id, s.zone_id, s.finished_at
       FROM scans AS s
       JOIN unnest($1::text[], $2::text[]) AS k (workflow_id, run_id)
         ON s.workflow_id = k.workflow_id AND s.run_id = k.run_id
       WHERE s.outcome <> 'failed'
     ), kinds AS (
       SELECT i.zone_id, i.kind, max(p.points) AS points, bool_or(i.severity = 'critical') AS critical
       FROM insights AS i
       JOIN unnest($3::text[], $4::int[]) AS p (severity, points) ON p.severity = i.severity
       WHERE i.zone_id IN (SELECT zone_id FROM graded_scans) AND i.status = 'open'
       GROUP BY i.zone_id, i.kind
     ), scores AS (
       SELECT z.zone_id, z.graded_at,
              CASE WHEN coalesce(bool_or(k.critical), false)
                   THEN least(greatest(0, 100 - coalesce(sum(k.points), 0)), $5::int)
                   ELSE greatest(0, 100 - coalesce(sum(k.points), 0)) END AS score
       FROM (SELECT zone_id, max(finished_at) AS graded_at FROM graded_scans GROUP BY zone_id) AS z
       LEFT JOIN kinds AS k ON k.zone_id = z.zone_id
       GROUP BY z.zone_id, z.graded_at
     ), lettered AS (
       SELECT s.zone_id, s.graded_at, s.score,
              (SELECT t.grade FROM unnest($6::int[], $7::text[]) AS t (min_score, grade)
               WHERE s.score >= t.min_score ORDER BY t.min_score DESC LIMIT 1) AS grade
       FROM scores AS s
     ), scans_graded AS (
       UPDATE scans SET grade = l.grade, score = l.score
       FROM graded_scans AS g JOIN lettered AS l ON l.zone_id = g.zone_id
       WHERE scans.id = g.id
     )
     UPDATE zones SET grade = l.grade, score = l.score, graded_at = GREATEST(zones.graded_at, l.graded_at)
     FROM lettered AS l WHERE zones.id = l.zone_id`,
    [
      scans.map((s) => s.workflowId),
      scans.map((s) => s.runId),
      table.severities,
      table.points,
      CRITICAL_SCORE_CAP,
      table.minScores,
      table.grades,
    ],
  );
}
