-- One row per report, with its locality's names (for exports and SOURCES.md).
SELECT s.source_id, s.locality_id, s.locality_zh AS name_zh, s.locality_en AS name_en, s.title_zh, s.title_en,
       s.publisher_zh, s.publisher_en, s.published_as_written, s.period_note_zh, s.period_note_en,
       s.campaign_as_written, s.raw_file, s.raw_sha256
FROM sources s ORDER BY s.province_id, s.locality_id
