WITH runs AS (
  SELECT pipeline_id, source, run_id, status, started_at, duration_ms, retries, bytes_processed, bytes_billed, slot_ms
  FROM (
    SELECT pipeline_id, source, run_id, status, started_at, duration_ms, retries, bytes_processed, bytes_billed, slot_ms,
           ROW_NUMBER() OVER (PARTITION BY run_key ORDER BY updated_at DESC) AS version_number
    FROM `${project}.${dataset}.pipeline_runs`
  ) AS versions
  WHERE version_number = 1
)
SELECT CAST(started_at AS DATE) AS day, pipeline_id, source,
       COUNT(*) AS runs,
       SUM(CASE WHEN status = 'succeeded' THEN 1 ELSE 0 END) AS succeeded_runs,
       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed_runs,
       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) / NULLIF(SUM(CASE WHEN status IN ('succeeded', 'failed', 'cancelled') THEN 1 ELSE 0 END), 0) AS failure_rate,
       APPROX_QUANTILES(duration_ms, 100)[OFFSET(50)] AS p50_duration_ms,
       APPROX_QUANTILES(duration_ms, 100)[OFFSET(95)] AS p95_duration_ms,
       SUM(retries) AS retries
FROM runs
GROUP BY CAST(started_at AS DATE), pipeline_id, source
