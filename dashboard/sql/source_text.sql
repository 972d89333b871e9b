SELECT s.*, pr.name_zh AS program_zh, pr.name_en AS program_en
FROM sources s JOIN programs pr USING (program_id) WHERE source_id = $source
