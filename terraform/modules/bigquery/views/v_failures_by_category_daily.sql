WITH events AS (
  SELECT event_id, pipeline_id, source, run_id, status, category, signature_id, occurred_at
  FROM (
    SELECT event_id, pipeline_id, source, run_id, status, category, signature_id, occurred_at,
           ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY ingested_at) AS copy_number
    FROM `${project}.${dataset}.pipeline_events`
  ) AS copies
  WHERE copy_number = 1
)
SELECT CAST(occurred_at AS DATE) AS day, pipeline_id, source, COALESCE(category, 'unknown') AS category,
       COUNT(*) AS failed_events,
       COUNT(DISTINCT run_id) AS failed_runs
FROM events
WHERE status = 'failed'
GROUP BY CAST(occurred_at AS DATE), pipeline_id, source, COALESCE(category, 'unknown')
