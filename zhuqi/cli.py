"""``zhuqi <command> [options]``: every step a person runs, one entry point. ``zhuqi <command> --help`` shows
a command's options. Each command is a module with ``main(argv, prog) -> exit code``, imported only when it
runs (the pipeline's commands never load the app; the app's never load the extractor).

This module sits above both layers: ``pipelines`` (raw → clean → validate → database) and ``dashboard`` (the
app, its charts and exports) never import it.
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import sys

# name -> (module with main(argv, prog), one line of help, needs the app's Streamlit-backed modules)
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "build": ("pipelines.publish.build_and_package",
              "validate the dataset, write data/build/dashboard.duckdb atomically and its dataset package beside it", False),
    "check": ("pipelines.build", "validate the dataset only (build --check)", False),
    "clean-text": ("pipelines.sources.command", "re-make data/sources/clean/*.txt from the raw reports", False),
    "extract": ("pipelines.curation.command", "draft the facts of a new report for a curator to review", False),
    "evaluate-extract": ("pipelines.curation.evaluate", "measure the extractor on the curated reports", False),
    "synthetic": ("pipelines.synthetic.generate", "write the national-scale benchmark dataset", False),
    "package": ("pipelines.publish.package", "the built database as a citable Frictionless Data Package (CSV, schema, CITATION.cff)",
                False),
    "figures": ("dashboard.export.command", "the figure pack (charts, facts.csv, SOURCES.md) of a selection", True),
    "serve": ("dashboard.server", "serve the app (streamlit run app.py, legacy pages/ mode off)", True),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhuqi", description="Enterprise-assistance campaigns dashboard: build, curate, export, serve.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="commands:\n" + "\n".join(f"  {name:<17} {help_}" for name, (_, help_, _) in COMMANDS.items())
        + "\n\n'zhuqi <command> --help' shows a command's options.")
    parser.add_argument("command", choices=list(COMMANDS), metavar="command")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] in ("-h", "--help"):
        _parser().print_help()
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        _parser().parse_args([name])  # prints the usage and the known commands, exits 2
    module_name, _, uses_app = COMMANDS[name]
    if uses_app and name != "serve":
        # Without a Streamlit server the app's caches warn on import and on every call; a command's user
        # learns nothing from those lines.
        import streamlit.logger

        streamlit.logger.set_log_level("error")
    if name == "check":
        rest = ["--check", *rest]
    module = importlib.import_module(module_name)
    takes_prog = "prog" in inspect.signature(module.main).parameters
    result = module.main(rest, prog=f"zhuqi {name}") if takes_prog else module.main(rest)
    return 0 if result is None else int(result)


if __name__ == "__main__":
    sys.exit(main())
