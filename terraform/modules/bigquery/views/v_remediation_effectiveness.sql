WITH actions AS (
  SELECT action_key, pipeline_id, category, strategy, status, executed, dry_run, decided_at, settled_at, time_to_recover_ms
  FROM (
    SELECT action_key, pipeline_id, category, strategy, status, executed, dry_run, decided_at, settled_at, time_to_recover_ms,
           ROW_NUMBER() OVER (PARTITION BY action_key ORDER BY recorded_at DESC) AS version_number
    FROM `${project}.${dataset}.remediation_actions` AS stored
  ) AS versions
  WHERE version_number = 1
)
SELECT strategy, category,
       COUNT(*) AS decisions,
       SUM(CASE WHEN executed THEN 1 ELSE 0 END) AS tried,
       SUM(CASE WHEN status = 'would_have_done' THEN 1 ELSE 0 END) AS would_have_done,
       SUM(CASE WHEN status = 'refused' THEN 1 ELSE 0 END) AS refused,
       SUM(CASE WHEN settled_at IS NOT NULL AND status IN ('succeeded', 'failed') THEN 1 ELSE 0 END) AS verified,
       SUM(CASE WHEN status = 'succeeded' THEN 1 ELSE 0 END) AS succeeded,
       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed,
       AVG(time_to_recover_ms) AS mean_time_to_recover_ms,
       APPROX_QUANTILES(time_to_recover_ms, 100)[OFFSET(90)] AS p90_time_to_recover_ms
FROM actions
GROUP BY strategy, category
