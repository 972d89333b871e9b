-- One row per selected locality × program × scope from the problem_resolution mart.
WITH {selection}
SELECT r.*, s.name_zh AS locality_zh, s.name_en AS locality_en, s.level
FROM problem_resolution r JOIN selected s USING (locality_id)
WHERE len($program::VARCHAR[]) = 0 OR list_contains($program::VARCHAR[], r.program_id)
ORDER BY s.province_id, r.locality_id, r.collected DESC NULLS LAST, r.resolved DESC NULLS LAST
