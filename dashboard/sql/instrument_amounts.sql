-- One row per money fact tied to a selected instrument.
WITH {selection}
SELECT a.instrument_id, i.name_zh, i.name_en, i.category, a.fact_id, a.value, a.value_as_written, a.qualifier,
       a.status, a.period_start, a.period_end, a.period_kind, a.quote, a.indicator_zh, a.indicator_en,
       i.locality_id, s.name_zh AS locality_zh, s.name_en AS locality_en, a.source_id
FROM instrument_amounts a
JOIN instruments i USING (instrument_id)
JOIN selected s ON s.locality_id = i.locality_id
WHERE a.unit = 'CNY' AND (len($program::VARCHAR[]) = 0 OR list_contains($program::VARCHAR[], i.program_id))
ORDER BY a.value DESC
