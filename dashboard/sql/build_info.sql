-- Which dataset this database holds and when it was built (one row; none in a database from an older build).
SELECT dataset_version, built_at FROM build_info
