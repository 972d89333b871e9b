-- One row per fact in the selection, with labels for both languages and its source's provenance; at most
-- $limit. The rows are chosen and ordered on the facts table alone, then labelled (a national table has
-- millions of rows; only the chosen ones are joined). The search matches literally: contains(), not LIKE,
-- so a typed % or _ is that character, not a wildcard.
WITH {selection},
chosen AS (
    SELECT f.* FROM facts f
    WHERE f.locality_id IN (SELECT locality_id FROM selected)
      AND (len($program::VARCHAR[]) = 0 OR list_contains($program::VARCHAR[], f.program_id))
      AND (len($categories::VARCHAR[]) = 0 OR list_contains($categories::VARCHAR[], f.category))
      AND ($search = '' OR contains(lower(f.quote), lower($search)) OR contains(lower(f.value_as_written), lower($search))
           OR contains(lower(f.indicator_zh), lower($search)) OR contains(lower(f.indicator_en), lower($search))
           OR contains(lower(f.fact_id), lower($search)))
    ORDER BY f.province_id, f.locality_id, f.category, f.indicator_id, f.period_end, f.fact_id
    LIMIT $limit
)
SELECT f.*, s.name_zh AS locality_zh, s.name_en AS locality_en, s.province_zh, s.province_en,
       pr.name_zh AS program_zh, pr.name_en AS program_en,
       c.name_zh AS category_zh, c.name_en AS category_en, g.name_zh AS group_zh, g.name_en AS group_en,
       src.publisher_zh, src.publisher_en, src.published_as_written, src.title_zh, src.title_en
FROM chosen f
JOIN selected s USING (locality_id)
JOIN programs pr USING (program_id)
JOIN indicator_categories c ON c.category_id = f.category
JOIN comparison_groups g ON g.group_id = f.comparison_group
JOIN sources src USING (source_id)
ORDER BY f.province_id, f.locality_id, f.category, f.indicator_id, f.period_end, f.fact_id
