SELECT category_id, name_zh, name_en, description_en FROM instrument_categories ORDER BY category_id
