"""The app's read side: cached DuckDB access and query functions used by pages."""
