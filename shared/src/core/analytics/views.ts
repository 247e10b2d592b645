import { sqlFor, type Sql, type SqlDialect } from './sql-dialect';

/**
 * The analytics views, each defined once: BigQuery (deployed by Terraform from the generated SQL under
 * terraform/modules/bigquery/views/) and DuckDB (created in the embedded database for the console and
 * `report --html`) render the same definition. Streaming inserts dedupe on insertId only on a best-effort
 * basis, so every view reads its rows through a CTE that keeps one row per identity.
 */
export interface AnalyticsView {
  readonly name: string;
  /** The question the view answers, for the README and the console. */
  readonly question: string;
  /** An example query against the view (BigQuery form; `${dataset}` is the dataset). */
  readonly example: string;
  readonly tables: readonly string[];
  sql(dialect: SqlDialect): string;
}

/** One row per event_id (the first copy stored). */
function events(s: Sql): string {
  return `events AS (
  SELECT event_id, pipeline_id, source, run_id, status, category, signature_id, occurred_at
  FROM (
    SELECT event_id, pipeline_id, source, run_id, status, category, signature_id, occurred_at,
           ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY ingested_at) AS copy_number
    FROM ${s.table('pipeline_events')}
  ) AS copies
  WHERE copy_number = 1
)`;
}

/** The newest version of each run. */
function runs(s: Sql): string {
  return `runs AS (
  SELECT pipeline_id, source, run_id, status, started_at, duration_ms, retries, bytes_processed, bytes_billed, slot_ms
  FROM (
    SELECT pipeline_id, source, run_id, status, started_at, duration_ms, retries, bytes_processed, bytes_billed, slot_ms,
           ROW_NUMBER() OVER (PARTITION BY run_key ORDER BY updated_at DESC) AS version_number
    FROM ${s.table('pipeline_runs')}
  ) AS versions
  WHERE version_number = 1
)`;
}

/**
 * The newest version of each remediation action. BigQuery keeps every version (audit trail, ordered by
 * recorded_at); the embedded store keeps only the current one, whose last change is settled_at or decided_at.
 */
function actions(s: Sql): string {
  const columns = 'action_key, pipeline_id, category, strategy, status, executed, dry_run, decided_at, settled_at, time_to_recover_ms';
  // The embedded coordination store keeps timestamps as ISO-8601 text in its own table.
  const source =
    s.dialect === 'bigquery'
      ? s.table('remediation_actions')
      : `(SELECT action_key, pipeline_id, category, strategy, status, executed, dry_run, CAST(decided_at AS TIMESTAMP) AS decided_at,
         CAST(settled_at AS TIMESTAMP) AS settled_at, time_to_recover_ms FROM ${LOCAL_REMEDIATION_ACTIONS_TABLE})`;
  const order = s.dialect === 'bigquery' ? 'recorded_at DESC' : 'COALESCE(settled_at, decided_at) DESC';
  return `actions AS (
  SELECT ${columns}
  FROM (
    SELECT ${columns},
           ROW_NUMBER() OVER (PARTITION BY action_key ORDER BY ${order}) AS version_number
    FROM ${source} AS stored
  ) AS versions
  WHERE version_number = 1
)`;
}

/** Where the embedded coordination store keeps the current remediation records. */
export const LOCAL_REMEDIATION_ACTIONS_TABLE = 'coordination_remediation_actions';

/** The newest canonical id of each stored signature id. */
function canonical(s: Sql): string {
  return `canonical AS (
  SELECT signature_id, canonical_id, canonical_template
  FROM (
    SELECT signature_id, canonical_id, canonical_template,
           ROW_NUMBER() OVER (PARTITION BY signature_id ORDER BY consolidated_at DESC) AS version_number
    FROM ${s.table('signature_canonical')}
  ) AS versions
  WHERE version_number = 1
)`;
}

const count = (condition: string): string => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

const failedSignatures = (s: Sql): string => `WITH ${events(s)},
${canonical(s)},
failures AS (
  SELECT e.pipeline_id, e.run_id, e.category, e.occurred_at,
         COALESCE(c.canonical_id, e.signature_id, CONCAT('category:', COALESCE(e.category, 'unknown'))) AS signature,
         c.canonical_template
  FROM events AS e
  LEFT JOIN canonical AS c ON c.signature_id = e.signature_id
  WHERE e.status = 'failed'
)`;

export const ANALYTICS_VIEWS: readonly AnalyticsView[] = [
  {
    name: 'v_pipeline_health_daily',
    question: 'How healthy is each pipeline day by day: runs, failed runs, failure rate, p50/p95 duration, retries?',
    example: 'SELECT day, pipeline_id, runs, failed_runs, failure_rate, p95_duration_ms FROM `${dataset}.v_pipeline_health_daily` WHERE day >= DATE_SUB(CURRENT_DATE(), INTERVAL 14 DAY) ORDER BY failure_rate DESC',
    tables: ['pipeline_runs'],
    sql: (d) => {
      const s = sqlFor(d);
      return `WITH ${runs(s)}
SELECT CAST(started_at AS DATE) AS day, pipeline_id, source,
       COUNT(*) AS runs,
       ${count("status = 'succeeded'")} AS succeeded_runs,
       ${count("status = 'failed'")} AS failed_runs,
       ${count("status = 'failed'")} / NULLIF(${count("status IN ('succeeded', 'failed', 'cancelled')")}, 0) AS failure_rate,
       ${s.quantile('duration_ms', 0.5)} AS p50_duration_ms,
       ${s.quantile('duration_ms', 0.95)} AS p95_duration_ms,
       SUM(retries) AS retries
FROM runs
GROUP BY CAST(started_at AS DATE), pipeline_id, source`;
    },
  },
  {
    name: 'v_failures_by_category_daily',
    question: 'Which kinds of failure hit which pipelines each day (failed log lines and failed runs)?',
    example: 'SELECT category, SUM(failed_runs) AS failed_runs FROM `${dataset}.v_failures_by_category_daily` WHERE day >= DATE_SUB(CURRENT_DATE(), INTERVAL 7 DAY) GROUP BY category ORDER BY failed_runs DESC',
    tables: ['pipeline_events'],
    sql: (d) => {
      const s = sqlFor(d);
      return `WITH ${events(s)}
SELECT CAST(occurred_at AS DATE) AS day, pipeline_id, source, COALESCE(category, 'unknown') AS category,
       COUNT(*) AS failed_events,
       COUNT(DISTINCT run_id) AS failed_runs
FROM events
WHERE status = 'failed'
GROUP BY CAST(occurred_at AS DATE), pipeline_id, source, COALESCE(category, 'unknown')`;
    },
  },
  {
    name: 'v_failure_signatures',
    question: 'Which failures recur (top canonical signatures) and which are new (first seen this week)?',
    example: 'SELECT signature, template, failed_runs, first_seen_at FROM `${dataset}.v_failure_signatures` WHERE first_seen_at >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 7 DAY) ORDER BY failed_runs DESC',
    tables: ['pipeline_events', 'signature_canonical'],
    sql: (d) => `${failedSignatures(sqlFor(d))}
SELECT signature, MAX(canonical_template) AS template, MAX(category) AS category,
       COUNT(*) AS failed_events, COUNT(DISTINCT run_id) AS failed_runs, COUNT(DISTINCT pipeline_id) AS pipelines,
       MIN(occurred_at) AS first_seen_at, MAX(occurred_at) AS last_seen_at
FROM failures
GROUP BY signature`,
  },
  {
    name: 'v_failure_signatures_weekly',
    question: 'How often does each canonical signature fail, week by week?',
    example: 'SELECT week, signature, failed_runs FROM `${dataset}.v_failure_signatures_weekly` ORDER BY week DESC, failed_runs DESC',
    tables: ['pipeline_events', 'signature_canonical'],
    sql: (d) => {
      const s = sqlFor(d);
      return `${failedSignatures(s)}
SELECT ${s.weekOf('occurred_at')} AS week, signature, COUNT(*) AS failed_events, COUNT(DISTINCT run_id) AS failed_runs
FROM failures
GROUP BY ${s.weekOf('occurred_at')}, signature`;
    },
  },
  {
    name: 'v_remediation_effectiveness',
    question: 'Per strategy and category: how often was it decided, tried, verified and successful, and how fast did pipelines recover?',
    example: 'SELECT strategy, category, tried, verified, succeeded, mean_time_to_recover_ms, p90_time_to_recover_ms FROM `${dataset}.v_remediation_effectiveness` ORDER BY tried DESC',
    tables: ['remediation_actions'],
    sql: (d) => {
      const s = sqlFor(d);
      return `WITH ${actions(s)}
SELECT strategy, category,
       COUNT(*) AS decisions,
       ${count('executed')} AS tried,
       ${count("status = 'would_have_done'")} AS would_have_done,
       ${count("status = 'refused'")} AS refused,
       ${count("settled_at IS NOT NULL AND status IN ('succeeded', 'failed')")} AS verified,
       ${count("status = 'succeeded'")} AS succeeded,
       ${count("status = 'failed'")} AS failed,
       AVG(time_to_recover_ms) AS mean_time_to_recover_ms,
       ${s.quantile('time_to_recover_ms', 0.9)} AS p90_time_to_recover_ms
FROM actions
GROUP BY strategy, category`;
    },
  },
  {
    name: 'v_mttr_weekly',
    question: 'Is the mean time to recover going down, week by week?',
    example: 'SELECT week, recoveries, mean_time_to_recover_ms FROM `${dataset}.v_mttr_weekly` ORDER BY week',
    tables: ['remediation_actions'],
    sql: (d) => {
      const s = sqlFor(d);
      return `WITH ${actions(s)}
SELECT ${s.weekOf('settled_at')} AS week,
       COUNT(*) AS recoveries,
       AVG(time_to_recover_ms) AS mean_time_to_recover_ms,
       ${s.quantile('time_to_recover_ms', 0.5)} AS p50_time_to_recover_ms
FROM actions
WHERE status = 'succeeded' AND time_to_recover_ms IS NOT NULL AND settled_at IS NOT NULL
GROUP BY ${s.weekOf('settled_at')}`;
    },
  },
  {
    name: 'v_anomalies_daily',
    question: 'How many anomalous runs and metric points did each pipeline have per day, and how strong were they?',
    example: 'SELECT day, pipeline_id, kind, anomalies, max_score FROM `${dataset}.v_anomalies_daily` ORDER BY day DESC, max_score DESC',
    tables: ['anomalies', 'metric_anomalies'],
    sql: (d) => {
      const s = sqlFor(d);
      return `WITH run_anomalies AS (
  SELECT pipeline_id, detected_at, score
  FROM (
    SELECT pipeline_id, detected_at, score, ROW_NUMBER() OVER (PARTITION BY anomaly_id ORDER BY scored_at) AS copy_number
    FROM ${s.table('anomalies')}
  ) AS copies
  WHERE copy_number = 1
),
metric_points AS (
  SELECT pipeline_id, timestamp AS detected_at, score
  FROM (
    SELECT pipeline_id, timestamp, score, ROW_NUMBER() OVER (PARTITION BY anomaly_id ORDER BY detected_at) AS copy_number
    FROM ${s.table('metric_anomalies')}
  ) AS copies
  WHERE copy_number = 1
),
all_anomalies AS (
  SELECT pipeline_id, detected_at, score, 'run' AS kind FROM run_anomalies
  UNION ALL
  SELECT pipeline_id, detected_at, score, 'metric' AS kind FROM metric_points
)
SELECT CAST(detected_at AS DATE) AS day, pipeline_id, kind, COUNT(*) AS anomalies, MAX(score) AS max_score, AVG(score) AS mean_score
FROM all_anomalies
GROUP BY CAST(detected_at AS DATE), pipeline_id, kind`;
    },
  },
  {
    name: 'v_risk_daily',
    question: 'How risky were each pipeline\'s runs at their start, day by day, and how often did the policy warn or hold?',
    example: 'SELECT day, pipeline_id, mean_failure_probability, held FROM `${dataset}.v_risk_daily` WHERE day >= DATE_SUB(CURRENT_DATE(), INTERVAL 14 DAY) ORDER BY mean_failure_probability DESC',
    tables: ['risk_predictions'],
    sql: (d) => {
      const s = sqlFor(d);
      return `WITH predictions AS (
  SELECT pipeline_id, predicted_at, failure_probability, verdict
  FROM (
    SELECT pipeline_id, predicted_at, failure_probability, verdict,
           ROW_NUMBER() OVER (PARTITION BY prediction_id ORDER BY predicted_at) AS copy_number
    FROM ${s.table('risk_predictions')}
  ) AS copies
  WHERE copy_number = 1
)
SELECT CAST(predicted_at AS DATE) AS day, pipeline_id,
       COUNT(*) AS predictions,
       AVG(failure_probability) AS mean_failure_probability,
       MAX(failure_probability) AS max_failure_probability,
       ${count("verdict = 'warn'")} AS warned,
       ${count("verdict = 'hold_for_approval'")} AS held
FROM predictions
GROUP BY CAST(predicted_at AS DATE), pipeline_id`;
    },
  },
  {
    name: 'v_cost_daily',
    question: 'What does each pipeline cost per day in BigQuery bytes processed and billed and slot hours?',
    example: 'SELECT pipeline_id, SUM(bytes_billed) / POW(1024, 4) AS tib_billed, SUM(slot_hours) AS slot_hours FROM `${dataset}.v_cost_daily` WHERE day >= DATE_SUB(CURRENT_DATE(), INTERVAL 30 DAY) GROUP BY pipeline_id ORDER BY tib_billed DESC',
    tables: ['pipeline_runs'],
    sql: (d) => `WITH ${runs(sqlFor(d))}
SELECT CAST(started_at AS DATE) AS day, pipeline_id, source,
       COUNT(*) AS runs,
       SUM(bytes_processed) AS bytes_processed,
       SUM(bytes_billed) AS bytes_billed,
       SUM(slot_ms) / 3600000.0 AS slot_hours
FROM runs
GROUP BY CAST(started_at AS DATE), pipeline_id, source`,
  },
  {
    name: 'v_knowledge_learning',
    question: 'What has the knowledge base learned from verified fixes, per category?',
    example: 'SELECT category, learned_entries, verified_successes, verified_failures, last_learned_at FROM `${dataset}.v_knowledge_learning` ORDER BY learned_entries DESC',
    tables: ['knowledge_base'],
    sql: (d) => `SELECT category,
       COUNT(*) AS entries,
       ${count("id LIKE 'learned-%'")} AS learned_entries,
       SUM(success_count) AS verified_successes,
       SUM(failure_count) AS verified_failures,
       MAX(CASE WHEN id LIKE 'learned-%' OR success_count + failure_count > 0 THEN updated_at END) AS last_learned_at
FROM ${sqlFor(d).table('knowledge_base')}
GROUP BY category`,
  },
];
