"""Curation assistant: a first draft of a new report's facts, for a curator to review.

    zhuqi extract RAW_FILE --locality ID --out DRAFT_FILE   (or python -m pipelines.curation.command …)

Reads a raw report, cleans it the way the build does, finds every figure in it and writes a *draft* curated
file (the format of ``data/curated/*.yaml``): each figure with value, unit, qualifier, quote and a guessed
indicator, period, status and basis, and ``# hint:`` comments saying what to check. The build refuses the
draft (``draft: true``, ``review: pending`` on every entry) until a person has checked each entry.
Suspected mojibake in an unregistered report is printed with its raw line, for a reviewed entry in
``data/sources/corrections.yaml``; it is never repaired by guessing. See "Add a locality" in README.md.

Modules: ``figures`` (finding figures in text), ``periods`` and ``guess`` (what each figure is), ``emit`` (the
YAML), ``draft`` (cleaning and the draft file), ``evaluate`` (recall and precision on the curated reports).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines import paths
from pipelines.curation.draft import extract


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw_file", type=Path, help="a raw report (UTF-8 text)")
    parser.add_argument("--locality", required=True, help="locality id (data/registries/localities.csv)")
    parser.add_argument("--out", type=Path, required=True, help="draft YAML to write")
    parser.add_argument("--source", help="source id for the draft (default: the registry's id, else the locality)")
    parser.add_argument("--script", choices=["auto", "traditional", "simplified"], default="auto",
                        help="script of an unregistered report (default: detected)")
    args = parser.parse_args(argv)
    try:
        raw = args.raw_file.read_bytes()
        raw.decode("utf-8")
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"error: {args.raw_file} is not UTF-8 ({exc.reason} at byte {exc.start})", file=sys.stderr)
        return 2
    draft = extract(raw, args.locality, source_id=args.source, script=args.script,
                    origin=paths.display_path(args.raw_file))
    for w in draft.warnings:
        print(f"warning: {w}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(draft.yaml, encoding="utf-8")
    print(f"wrote {paths.display_path(args.out)}: {len(draft.proposals)} draft facts to review")
    return 0


if __name__ == "__main__":
    sys.exit(main(prog="python -m pipelines.curation.command"))
