"""Where each stage of the data lives, relative to the repository root."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW_DIR = DATA / "sources" / "raw"
CLEAN_DIR = DATA / "sources" / "clean"
SOURCE_REGISTRY = DATA / "sources" / "registry.yaml"
CORRECTIONS = DATA / "sources" / "corrections.yaml"
REGISTRIES = DATA / "registries"
CURATED = DATA / "curated"
BUILD_DIR = DATA / "build"
DATABASE = BUILD_DIR / "dashboard.duckdb"
SQL_DIR = Path(__file__).resolve().parent / "database" / "sql"


def display_path(path: Path, base: Path | None = None) -> str:
    """Paths in messages are relative to ``base`` (the repo root by default) so they read the same on
    every machine: ``data/curated/tiantai.yaml``. A link is never followed to name a path: the name of a
    link is the link's, not its target's."""
    full, base = Path(os.path.abspath(path)), Path(base or ROOT)
    # The folders may be reached through a link (a temp folder); the file's own name is kept as written. The
    # resolved form is made only when the plain one is not inside ``base`` (resolving walks the path, and a
    # national build names thousands of files).
    try:
        return str(full.relative_to(os.path.abspath(base)))
    except ValueError:
        pass
    try:
        return str((full.parent.resolve() / full.name).relative_to(base.resolve()))
    except ValueError:
        return str(path)
