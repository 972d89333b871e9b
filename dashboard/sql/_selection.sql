-- Shared prelude: the bound filter lists and the localities they select. Every filter value arrives as a
-- bound parameter ($province, $program, $locality, $level); an empty list means "all".
params AS (
    SELECT $province::VARCHAR[] AS province, $program::VARCHAR[] AS program,
           $locality::VARCHAR[] AS locality, $level::VARCHAR[] AS level
),
selected AS (
    SELECT l.* FROM localities l, params p
    WHERE (len(p.province) = 0 OR list_contains(p.province, l.province_id))
      AND (len(p.locality) = 0 OR list_contains(p.locality, l.locality_id))
      AND (len(p.level) = 0 OR list_contains(p.level, l.level))
      AND (len(p.program) = 0 OR EXISTS (
            SELECT 1 FROM locality_programs lp
            WHERE lp.locality_id = l.locality_id AND list_contains(p.program, lp.program_id)))
)
