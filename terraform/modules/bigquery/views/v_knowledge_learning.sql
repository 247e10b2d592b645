SELECT category,
       COUNT(*) AS entries,
       SUM(CASE WHEN id LIKE 'learned-%' THEN 1 ELSE 0 END) AS learned_entries,
       SUM(success_count) AS verified_successes,
       SUM(failure_count) AS verified_failures,
       MAX(CASE WHEN id LIKE 'learned-%' OR success_count + failure_count > 0 THEN updated_at END) AS last_learned_at
FROM `${project}.${dataset}.knowledge_base`
GROUP BY category
