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
       SUM(bytes_processed) AS bytes_processed,
       SUM(bytes_billed) AS bytes_billed,
       SUM(slot_ms) / 3600000.0 AS slot_hours
FROM runs
GROUP BY CAST(started_at AS DATE), pipeline_id, source
