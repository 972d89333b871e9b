SELECT source_id, seq, damaged, repair, reason FROM stg_corrections WHERE source_id = $source ORDER BY seq
