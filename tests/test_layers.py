"""The layers point one way and the modules stay small:

- ``pipelines`` (raw → clean → validate → database) imports nothing of the app (``dashboard``), the pages or
  the command line (``zhuqi``);
- ``dashboard`` imports of the pipeline only ``pipelines.paths`` (where the database is);
- the pages import the pipeline only for the curators' page, which drafts with ``pipelines.curation``;
- no import cycle anywhere (module-level and function-local imports alike);
- no module in ``pipelines/`` or ``dashboard/`` over 450 lines.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pipelines", "dashboard", "zhuqi")
MAX_LINES = 450


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources() -> dict[str, Path]:
    found = {module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}
    found.update({f"pages.{p.stem}": p for p in (ROOT / "pages").glob("*.py")})
    found["app"] = ROOT / "app.py"
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``name`` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            submodules = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known]
            targets = submodules or [base]  # "from pkg import module": the module; else the names' module
        else:
            continue
        for target in targets:
            # the module itself, or the nearest project module containing it
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    mods = sources()
    return {name: imports(name, path, set(mods)) for name, path in mods.items()}


def layer(module: str) -> str:
    return module.split(".")[0]


def test_the_pipeline_imports_nothing_of_the_app(graph):
    upward = {(m, i) for m, deps in graph.items() if layer(m) == "pipelines" for i in deps if layer(i) != "pipelines"}
    assert upward == set()


def test_the_app_imports_only_the_pipelines_paths(graph):
    found = {(m, i) for m, deps in graph.items() if layer(m) == "dashboard" for i in deps if layer(i) == "pipelines"}
    assert {i for _, i in found} <= {"pipelines.paths"}, found


def test_the_pages_import_the_pipeline_only_for_the_curators_page(graph):
    found = {(m, i) for m, deps in graph.items() if layer(m) in ("pages", "app") for i in deps if layer(i) == "pipelines"}
    assert {m for m, _ in found} <= {"pages.curate"}, found
    assert all(i.startswith("pipelines.curation") for _, i in found), found


def test_nothing_imports_the_command_line(graph):
    assert {m for m, deps in graph.items() if layer(m) != "zhuqi" and any(layer(i) == "zhuqi" for i in deps)} == set()


def test_no_import_cycles(graph):
    # A package's __init__ re-exporting its own modules is not a cycle between layers: leave those edges out.
    edges = {m: {i for i in deps if not (m == i.rpartition(".")[0] and (ROOT / Path(*m.split("."))).is_dir())}
             for m, deps in graph.items()}
    cycles, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def test_no_module_over_450_lines():
    long = {str(p.relative_to(ROOT)): n for pkg in ("pipelines", "dashboard") for p in (ROOT / pkg).rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
