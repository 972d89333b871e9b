"""Data pipeline: raw reports -> clean text -> curated dataset -> DuckDB."""
