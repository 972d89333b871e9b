-- One row: how many facts the Data page's filters and search match.
WITH {selection}
SELECT count(*) AS n
FROM facts f
JOIN selected s USING (locality_id)
WHERE (len($program::VARCHAR[]) = 0 OR list_contains($program::VARCHAR[], f.program_id))
  AND ($search = '' OR contains(lower(f.quote), lower($search)) OR contains(lower(f.value_as_written), lower($search))
       OR contains(lower(f.indicator_zh), lower($search)) OR contains(lower(f.indicator_en), lower($search))
       OR contains(lower(f.fact_id), lower($search)))
