-- Filter options: one row per registry id a filter can take, with labels in both languages.
SELECT 'province' AS filter, province_id AS id, name_zh, name_en, province_id AS sort_key FROM provinces
UNION ALL SELECT 'program', program_id, name_zh, name_en, program_id FROM programs
UNION ALL SELECT 'locality', locality_id, name_zh, name_en, province_id || locality_id FROM localities
UNION ALL SELECT DISTINCT 'level', level, CASE level WHEN 'county' THEN '县' ELSE '地级市' END,
       CASE level WHEN 'county' THEN 'County' ELSE 'City' END, level FROM localities
ORDER BY filter, sort_key
