WITH run_anomalies AS (
  SELECT pipeline_id, detected_at, score
  FROM (
    SELECT pipeline_id, detected_at, score, ROW_NUMBER() OVER (PARTITION BY anomaly_id ORDER BY scored_at) AS copy_number
    FROM `${project}.${dataset}.anomalies`
  ) AS copies
  WHERE copy_number = 1
),
metric_points AS (
  SELECT pipeline_id, timestamp AS detected_at, score
  FROM (
    SELECT pipeline_id, timestamp, score, ROW_NUMBER() OVER (PARTITION BY anomaly_id ORDER BY detected_at) AS copy_number
    FROM `${project}.${dataset}.metric_anomalies`
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
GROUP BY CAST(detected_at AS DATE), pipeline_id, kind
