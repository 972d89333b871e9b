"""``zhuqi``: the project's one command line (installed as a console script by pyproject.toml)."""
