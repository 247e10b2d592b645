WITH events AS (
  SELECT event_id, pipeline_id, source, run_id, status, category, signature_id, occurred_at
  FROM (
    SELECT event_id, pipeline_id, source, run_id, status, category, signature_id, occurred_at,
           ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY ingested_at) AS copy_number
    FROM `${project}.${dataset}.pipeline_events`
  ) AS copies
  WHERE copy_number = 1
),
canonical AS (
  SELECT signature_id, canonical_id, canonical_template
  FROM (
    SELECT signature_id, canonical_id, canonical_template,
           ROW_NUMBER() OVER (PARTITION BY signature_id ORDER BY consolidated_at DESC) AS version_number
    FROM `${project}.${dataset}.signature_canonical`
  ) AS versions
  WHERE version_number = 1
),
failures AS (
  SELECT e.pipeline_id, e.run_id, e.category, e.occurred_at,
         COALESCE(c.canonical_id, e.signature_id, CONCAT('category:', COALESCE(e.category, 'unknown'))) AS signature,
         c.canonical_template
  FROM events AS e
  LEFT JOIN canonical AS c ON c.signature_id = e.signature_id
  WHERE e.status = 'failed'
)
SELECT signature, MAX(canonical_template) AS template, MAX(category) AS category,
       COUNT(*) AS failed_events, COUNT(DISTINCT run_id) AS failed_runs, COUNT(DISTINCT pipeline_id) AS pipelines,
       MIN(occurred_at) AS first_seen_at, MAX(occurred_at) AS last_seen_at
FROM failures
GROUP BY signature
