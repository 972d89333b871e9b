"""Where each stage of the data lives, relative to the repository root."""
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
    every machine: ``data/curated/tiantai.yaml``."""
    try:
        return str(Path(path).resolve().relative_to(Path(base or ROOT).resolve()))
    except ValueError:
        return str(path)
