WITH predictions AS (
  SELECT pipeline_id, predicted_at, failure_probability, verdict
  FROM (
    SELECT pipeline_id, predicted_at, failure_probability, verdict,
           ROW_NUMBER() OVER (PARTITION BY prediction_id ORDER BY predicted_at) AS copy_number
    FROM `${project}.${dataset}.risk_predictions`
  ) AS copies
  WHERE copy_number = 1
)
SELECT CAST(predicted_at AS DATE) AS day, pipeline_id,
       COUNT(*) AS predictions,
       AVG(failure_probability) AS mean_failure_probability,
       MAX(failure_probability) AS max_failure_probability,
       SUM(CASE WHEN verdict = 'warn' THEN 1 ELSE 0 END) AS warned,
       SUM(CASE WHEN verdict = 'hold_for_approval' THEN 1 ELSE 0 END) AS held
FROM predictions
GROUP BY CAST(predicted_at AS DATE), pipeline_id
