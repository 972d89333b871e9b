-- One row per selected locality with its report's provenance and figure counts (from locality_summary:
-- a few rows per locality, not its facts).
WITH {selection}
SELECT s.locality_id, s.name_zh, s.name_en, s.level, s.province_id, s.province_zh, s.province_en,
       s.parent_city_zh, s.parent_city_en,
       src.source_id, src.campaign_as_written, src.program_id, pr.name_zh AS program_zh, pr.name_en AS program_en,
       src.publisher_zh, src.publisher_en, src.published, src.published_as_written,
       src.period_start, src.period_end, src.period_note_zh, src.period_note_en, src.title_zh, src.title_en,
       coalesce(fc.n_facts, 0) AS n_facts, coalesce(ic.n_instruments, 0) AS n_instruments,
       fc.facts_start, fc.facts_end
FROM selected s
JOIN sources src USING (locality_id)
JOIN programs pr ON pr.program_id = src.program_id
LEFT JOIN (SELECT locality_id, sum(n_facts)::BIGINT AS n_facts, min(period_start) AS facts_start, max(period_end) AS facts_end
           FROM locality_summary WHERE locality_id IN (SELECT locality_id FROM selected) GROUP BY locality_id) fc USING (locality_id)
LEFT JOIN (SELECT locality_id, count(*) AS n_instruments
           FROM instruments WHERE locality_id IN (SELECT locality_id FROM selected) GROUP BY locality_id) ic USING (locality_id)
ORDER BY s.province_id, s.level DESC, s.locality_id
