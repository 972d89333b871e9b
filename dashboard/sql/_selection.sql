-- Shared prelude: the localities the filters select. Every filter value arrives as a bound parameter
-- ($province, $program, $locality, $level); an empty list means "all". The lists are used in place, not
-- through a one-row params CTE joined in: DuckDB plans that form 2-3× slower (6 ms vs 2 ms a query).
selected AS (
    SELECT l.* FROM localities l
    WHERE (len($province::VARCHAR[]) = 0 OR list_contains($province::VARCHAR[], l.province_id))
      AND (len($locality::VARCHAR[]) = 0 OR list_contains($locality::VARCHAR[], l.locality_id))
      AND (len($level::VARCHAR[]) = 0 OR list_contains($level::VARCHAR[], l.level))
      AND (len($program::VARCHAR[]) = 0 OR l.locality_id IN (
            SELECT lp.locality_id FROM locality_programs lp WHERE list_contains($program::VARCHAR[], lp.program_id)))
)
