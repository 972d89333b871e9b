-- National view chart: per province in the selection, the distribution over its localities of each one's
-- latest actual industrial value-added growth (from locality_summary: a few thousand rows), as the five
-- numbers a box plot draws. Provinces with no such figure are left out.
WITH {selection},
chosen AS (
    SELECT ls.* FROM locality_summary ls JOIN selected s USING (locality_id)
    WHERE (len($program::VARCHAR[]) = 0 OR list_contains($program::VARCHAR[], ls.program_id))
      AND ls.growth_latest IS NOT NULL
)
SELECT c.province_id, pv.name_zh AS province_zh, pv.name_en AS province_en,
       count(DISTINCT c.locality_id) AS localities,
       min(c.growth_latest) AS low, quantile_cont(c.growth_latest, 0.25) AS q1, median(c.growth_latest) AS median,
       quantile_cont(c.growth_latest, 0.75) AS q3, max(c.growth_latest) AS high
FROM chosen c JOIN provinces pv USING (province_id)
GROUP BY c.province_id, pv.name_zh, pv.name_en
ORDER BY median DESC, c.province_id
