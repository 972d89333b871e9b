-- Filter facets: one row per locality × program it reports under, with the locality's province and level
-- (what the sidebar needs to offer only the values the other filters leave non-empty).
SELECT l.province_id AS province, lp.program_id AS program, l.locality_id AS locality, l.level
FROM localities l JOIN locality_programs lp USING (locality_id)
ORDER BY province, program, locality
