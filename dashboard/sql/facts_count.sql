-- One row: how many facts the Data page's filters and search match.
WITH {selection}
SELECT count(*) AS n
FROM facts f
JOIN selected s USING (locality_id)
WHERE (len($program::VARCHAR[]) = 0 OR list_contains($program::VARCHAR[], f.program_id))
  AND ($search = '' OR f.quote ILIKE '%' || $search || '%' OR f.value_as_written ILIKE '%' || $search || '%'
       OR f.indicator_zh ILIKE '%' || $search || '%' OR f.indicator_en ILIKE '%' || $search || '%'
       OR f.fact_id ILIKE '%' || $search || '%')
