-- One row per selected instrument, with the locality's labels.
WITH {selection}
SELECT i.*, s.name_zh AS locality_zh, s.name_en AS locality_en, s.province_zh, s.province_en
FROM instruments i JOIN selected s USING (locality_id)
WHERE len($program::VARCHAR[]) = 0 OR list_contains($program::VARCHAR[], i.program_id)
ORDER BY s.province_id, i.locality_id, i.category, i.instrument_id
