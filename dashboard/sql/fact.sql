-- One fact by its id, labelled as facts.sql labels it, with its source's provenance (none if the id is unknown).
SELECT f.*, l.name_zh AS locality_zh, l.name_en AS locality_en, l.province_zh, l.province_en,
       pr.name_zh AS program_zh, pr.name_en AS program_en,
       c.name_zh AS category_zh, c.name_en AS category_en,
       src.publisher_zh, src.publisher_en, src.published_as_written, src.title_zh, src.title_en,
       src.raw_file, src.raw_sha256
FROM facts f
JOIN localities l USING (locality_id)
JOIN programs pr USING (program_id)
JOIN indicator_categories c ON c.category_id = f.category
JOIN sources src USING (source_id)
WHERE f.fact_id = $fact
