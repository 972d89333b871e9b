"""``zhuqi package --out DIR``: the built database as a citable Frictionless Data Package.

The published stage: it reads only the built DuckDB database (the marts the build checked against their
contracts, and ``build_info``) and writes

- ``datapackage.json``: a tabular data package, one resource per table of ``schema.TABLES`` with its Table
  Schema (field types from the database's columns, descriptions, primary and foreign keys from the database
  contract, vocabularies as enum constraints), its size and sha256; ``version`` is the dataset's content hash
  and ``created`` the build time (``build_info``);
- ``data/<table>.csv``: UTF-8 without BOM, header first, an integral number written as an integer
  (4000000000, not 4000000000.0), any other in its shortest exact form, a date as YYYY-MM-DD, empty = missing;
- ``README.md``: what the dataset is, how it was built, the grain of each table, attribution;
- ``CITATION.cff``: how to cite it (version = content hash, date-released = build date).

``package_zip`` returns the same files as one zip (what the app's "Download the dataset" serves: ``zhuqi build``
writes it beside the database, see ``build_and_package``).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import duckdb

from pipelines import paths
from pipelines.publish import texts
from pipelines.publish.schema import TABLES, Table, description, foreign_keys, primary_key, vocabularies

NAME = "enterprise-assistance-campaigns"
TYPES = {"VARCHAR": "string", "DOUBLE": "number", "FLOAT": "number", "REAL": "number", "INTEGER": "integer",
         "BIGINT": "integer", "SMALLINT": "integer", "TINYINT": "integer", "HUGEINT": "integer", "BOOLEAN": "boolean",
         "DATE": "date", "TIMESTAMP": "datetime"}
NUMBER_TYPES = ("DOUBLE", "FLOAT", "REAL")
MEMORY_LIMIT = "512MB"


class PackageError(Exception):
    pass


def zip_path(database: Path) -> Path:
    """Where ``zhuqi build`` puts the zipped package of ``database``: beside it (dashboard.datapackage.zip)."""
    database = Path(database)
    return database.with_name(f"{database.stem}.datapackage.zip")


def build_info(con: duckdb.DuckDBPyConnection) -> tuple[str, dt.datetime]:
    try:
        version, built_at = con.execute("SELECT dataset_version, built_at FROM build_info").fetchone()
    except (duckdb.CatalogException, TypeError) as exc:
        raise PackageError("the database has no build_info: rebuild it with `zhuqi build`") from exc
    return version, built_at


def _columns(con: duckdb.DuckDBPyConnection, table: Table) -> list[tuple[str, str]]:
    described = [(name, kind) for name, kind, *_ in con.execute(f'DESCRIBE "{table.mart}"').fetchall()]
    if table.columns:
        return [(n, k) for n, k in described if n in table.columns]
    return [(n, k) for n, k in described if n not in table.drop]


def _csv_column(name: str, kind: str) -> str:
    """The column as the CSV writes it: a finite integral number as an integer, any other number by DuckDB's
    shortest round-trip form, everything else as DuckDB writes it (ISO dates, true/false)."""
    q = f'"{name}"'
    if kind in NUMBER_TYPES or kind.startswith("DECIMAL"):
        return (f"CASE WHEN isfinite({q}) AND {q} = trunc({q}) AND abs({q}) < 1e18 THEN CAST(CAST({q} AS BIGINT) AS VARCHAR) "
                f"ELSE CAST({q} AS VARCHAR) END AS {q}")
    return q


def _field(table: Table, name: str, kind: str, enums: dict[str, list[str]]) -> dict:
    field = {"name": name, "type": TYPES.get(kind, "number" if kind.startswith("DECIMAL") else "string"),
             "description": description(table.name, name)}
    if name in enums:
        field["constraints"] = {"enum": enums[name]}
    return field


def _present(con: duckdb.DuckDBPyConnection) -> list[Table]:
    """The tables of TABLES this database has (comparison_groups is missing from an older build)."""
    have = {name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return [t for t in TABLES if t.mart in have]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_package(database: Path, out: Path) -> dict:
    """Write the package of ``database`` into the folder ``out``; returns the datapackage.json descriptor."""
    database, out = Path(database), Path(out)
    if not database.is_file():
        raise PackageError(f"{paths.display_path(database)} does not exist: run `zhuqi build`")
    # Sorting a national facts table (1.7 million rows of text) would take gigabytes in memory: past the limit
    # DuckDB spills to a temp folder instead.
    spill = tempfile.TemporaryDirectory(prefix="package-spill-")
    con = duckdb.connect(str(database), read_only=True, config={"memory_limit": MEMORY_LIMIT, "temp_directory": spill.name})
    try:
        con.execute("SET enable_progress_bar = false")  # no bar drawn into `zhuqi build`'s output
        version, built_at = build_info(con)
        tables = _present(con)
        resources_by_mart = {t.mart: t.name for t in tables}
        (out / "data").mkdir(parents=True, exist_ok=True)
        resources, counts = [], {}
        for table in tables:
            columns = _columns(con, table)
            names = [n for n, _ in columns]
            key = primary_key(table, names)
            order = ", ".join(f'"{c}"' for c in (key or names))
            csv_path = out / "data" / f"{table.name}.csv"
            select = ", ".join(_csv_column(n, k) for n, k in columns)
            quoted_path = csv_path.as_posix().replace("'", "''")
            con.execute(f"COPY (SELECT {select} FROM \"{table.mart}\" ORDER BY {order}) TO '{quoted_path}' "
                        "(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"')")
            counts[table.name] = con.execute(f'SELECT count(*) FROM "{table.mart}"').fetchone()[0]
            enums = {c: v for c, v in vocabularies(table).items() if c in names}
            schema = {"fields": [_field(table, n, k, enums) for n, k in columns], "missingValues": [""]}
            if key:
                schema["primaryKey"] = key
            fks = foreign_keys(table, names, resources_by_mart)
            if fks:
                schema["foreignKeys"] = fks
            resources.append({
                "name": table.name, "path": f"data/{table.name}.csv", "profile": "tabular-data-resource",
                "description": table.grain, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
                "bytes": csv_path.stat().st_size, "hash": f"sha256:{_sha256(csv_path)}", "schema": schema})
    finally:
        con.close()
        spill.cleanup()
    descriptor = {
        "profile": "tabular-data-package", "name": NAME, "title": texts.TITLE, "description": texts.DESCRIPTION,
        "version": version, "created": built_at.isoformat(timespec="seconds"),
        "keywords": list(texts.KEYWORDS), "contributors": [{"title": texts.AUTHOR, "role": "author"}],
        "resources": resources,
    }
    (out / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "README.md").write_text(texts.readme(descriptor, counts), encoding="utf-8")
    (out / "CITATION.cff").write_text(texts.citation(version, built_at.date()), encoding="utf-8")
    return descriptor


def package_files(out: Path) -> list[Path]:
    """The package's files under ``out``, in a fixed order (descriptor, README, citation, then the data)."""
    out = Path(out)
    return [out / n for n in ("datapackage.json", "README.md", "CITATION.cff")] + sorted((out / "data").glob("*.csv"))


def _zip_into(file, database: Path) -> None:
    """The package of ``database`` zipped into ``file``: the files at the archive's root, each dated the build
    time, so the same database gives the same bytes. Files are streamed in, never all held in memory."""
    with tempfile.TemporaryDirectory() as tmp:
        descriptor = write_package(database, Path(tmp))
        stamp = max(dt.datetime.fromisoformat(descriptor["created"]).timetuple()[:6], (1980, 1, 1, 0, 0, 0))
        with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as z:
            for path in package_files(Path(tmp)):
                info = zipfile.ZipInfo(path.relative_to(tmp).as_posix(), date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(path, "rb") as src, z.open(info, "w") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)


def package_zip(database: Path = paths.DATABASE) -> bytes:
    """The package of ``database`` as zip bytes."""
    buf = io.BytesIO()
    _zip_into(buf, database)
    return buf.getvalue()


def write_zip(database: Path, target: Path) -> Path:
    """The zipped package of ``database`` written to ``target`` atomically (temp file beside it, then replaced)."""
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            _zip_into(f, database)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog or "python -m pipelines.publish.package", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=paths.DATABASE, help="built database to publish (default: %(default)s)")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, help="folder to write the package into (datapackage.json, data/*.csv …)")
    target.add_argument("--zip", type=Path, help="write the package as one zip file instead")
    args = parser.parse_args(argv)
    try:
        if args.zip:
            write_zip(args.db, args.zip)
            print(f"wrote {paths.display_path(args.zip)}")
        else:
            descriptor = write_package(args.db, args.out)
            print(f"wrote {paths.display_path(args.out)}: {len(descriptor['resources'])} tables, "
                  f"version {descriptor['version']} ({descriptor['created']})")
    except PackageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
