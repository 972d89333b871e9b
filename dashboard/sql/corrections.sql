SELECT source_id, seq, damaged, repair, reason FROM corrections WHERE source_id = $source ORDER BY seq
