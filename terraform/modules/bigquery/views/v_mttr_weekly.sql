WITH actions AS (
  SELECT action_key, pipeline_id, category, strategy, status, executed, dry_run, decided_at, settled_at, time_to_recover_ms
  FROM (
    SELECT action_key, pipeline_id, category, strategy, status, executed, dry_run, decided_at, settled_at, time_to_recover_ms,
           ROW_NUMBER() OVER (PARTITION BY action_key ORDER BY recorded_at DESC) AS version_number
    FROM `${project}.${dataset}.remediation_actions` AS stored
  ) AS versions
  WHERE version_number = 1
)
SELECT DATE_TRUNC(CAST(settled_at AS DATE), ISOWEEK) AS week,
       COUNT(*) AS recoveries,
       AVG(time_to_recover_ms) AS mean_time_to_recover_ms,
       APPROX_QUANTILES(time_to_recover_ms, 100)[OFFSET(50)] AS p50_time_to_recover_ms
FROM actions
WHERE status = 'succeeded' AND time_to_recover_ms IS NOT NULL AND settled_at IS NOT NULL
GROUP BY DATE_TRUNC(CAST(settled_at AS DATE), ISOWEEK)
