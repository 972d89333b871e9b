-- One row: how many facts the filters select (no search), from the locality_summary mart instead of a
-- count over millions of facts. Same program rule as facts.sql: a fact's own program.
WITH {selection}
SELECT coalesce(sum(ls.n_facts), 0) AS n
FROM locality_summary ls JOIN selected s USING (locality_id)
WHERE (len($program::VARCHAR[]) = 0 OR list_contains($program::VARCHAR[], ls.program_id))
