"""``python -m pipelines.curation.evaluate [--verbose]``: how well the extractor finds the curated figures.

For each curated report the extractor reads the committed clean text (``data/sources/clean/<id>.txt``, the
text the curated quotes come from) and its proposals are compared with the curated facts:

- a curated fact is *found* when a proposal covers the same place in the text (the written figure inside the
  quote, located in the clean text), or a proposal inside the same quote has the same value and unit;
- recall = found facts / curated facts; precision = proposals that find some fact / proposals;
- unit/value accuracy = among found facts, the share whose proposal has the curated unit and value;
- indicator agreement (information only) = among found facts whose curated indicator is in the registry
  *without* the report's own indicator file, the share whose proposed indicator is the curated one (the
  registry was built from these reports, so guessing with a report's own file would only measure memory).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field

from pipelines import paths
from pipelines.curation.guess import Proposal, load_indicators, propose
from pipelines.curation.periods import ReportContext, report_context
from pipelines.files.strict_yaml import load_yaml
from pipelines.numbers import values_equal
from pipelines.sources.registry import load_sources

RECALL_TARGET = 0.95
ACCURACY_TARGET = 0.98


@dataclass
class CuratedFact:
    id: str
    written: str
    value: float
    unit: str
    indicator: str
    spans: list[tuple[int, int]]  # where the written figure is, for every place the quote occurs
    quote_spans: list[tuple[int, int]]


@dataclass
class ReportScore:
    source: str
    facts: int = 0
    proposals: int = 0
    found: int = 0
    useful_proposals: int = 0
    exact: int = 0
    guessable: int = 0
    same_indicator: int = 0
    missed: list[CuratedFact] = field(default_factory=list)
    wrong: list[tuple[CuratedFact, Proposal]] = field(default_factory=list)
    extra: list[Proposal] = field(default_factory=list)

    def add(self, other: ReportScore) -> None:
        for name in ("facts", "proposals", "found", "useful_proposals", "exact", "guessable", "same_indicator"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def recall(self) -> float:
        return self.found / self.facts if self.facts else 1.0

    @property
    def precision(self) -> float:
        return self.useful_proposals / self.proposals if self.proposals else 1.0

    @property
    def accuracy(self) -> float:
        return self.exact / self.found if self.found else 1.0

    @property
    def indicator_agreement(self) -> float:
        return self.same_indicator / self.guessable if self.guessable else 1.0


def _occurrences(text: str, part: str) -> list[int]:
    found, i = [], text.find(part)
    while i >= 0:
        found.append(i)
        i = text.find(part, i + 1)
    return found


def curated_facts(source_id: str, text: str) -> list[CuratedFact]:
    path = paths.CURATED / f"{source_id}.yaml"
    data, problems = load_yaml(path, paths.display_path(path))
    if problems:
        raise SystemExit("\n".join(str(p) for p in problems))
    facts = []
    for d in data.get("facts") or []:
        quote, written = str(d["quote"]), str(d["value_as_written"])
        at = quote.find(written)
        starts = _occurrences(text, quote)
        facts.append(CuratedFact(str(d["id"]), written, float(d["value"]), str(d["unit"]), str(d["indicator"]),
                                 [(s + at, s + at + len(written)) for s in starts],
                                 [(s, s + len(quote)) for s in starts]))
    return facts


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _matches(fact: CuratedFact, p: Proposal) -> bool:
    f = p.figure
    if any(_overlaps((f.start, f.end), span) for span in fact.spans):
        return True
    return (f.unit == fact.unit and values_equal(f.value, fact.value)
            and any(q0 <= f.start and f.end <= q1 for q0, q1 in fact.quote_spans))


def score_report(source_id: str, text: str, ctx: ReportContext) -> ReportScore:
    indicators, categories = load_indicators(exclude=(source_id,))
    known = {r["id"] for r in indicators}
    proposals = propose(text, ctx, indicators, categories)
    facts = curated_facts(source_id, text)
    score = ReportScore(source_id, facts=len(facts), proposals=len(proposals))
    useful = set()
    for fact in facts:
        hits = [i for i, p in enumerate(proposals) if _matches(fact, p)]
        if not hits:
            score.missed.append(fact)
            continue
        useful.update(hits)
        score.found += 1
        # When two proposals touch one fact (a range and its end), the one with the curated value counts.
        best = next((proposals[i] for i in hits if proposals[i].figure.unit == fact.unit
                     and values_equal(proposals[i].figure.value, fact.value)), proposals[hits[0]])
        if best.figure.unit == fact.unit and values_equal(best.figure.value, fact.value):
            score.exact += 1
        else:
            score.wrong.append((fact, best))
        if fact.indicator in known:
            score.guessable += 1
            score.same_indicator += best.indicator == fact.indicator
    score.useful_proposals = len(useful)
    score.extra = [p for i, p in enumerate(proposals) if i not in useful]
    return score


def evaluate() -> list[ReportScore]:
    sources, _ = load_sources()
    scores = []
    for src in sorted(sources, key=lambda s: s.id):
        if not (paths.CURATED / f"{src.id}.yaml").exists():
            continue
        text = (paths.CLEAN_DIR / f"{src.id}.txt").read_text(encoding="utf-8")
        scores.append(score_report(src.id, text, report_context(text, dict(src.record))))
    return scores


def overall(scores: list[ReportScore]) -> ReportScore:
    total = ReportScore("overall")
    for s in scores:
        total.add(s)
    return total


def report_lines(scores: list[ReportScore], verbose: bool = False) -> list[str]:
    lines = [f"{'report':<10} {'facts':>5} {'proposed':>8} {'found':>5} {'recall':>7} {'precision':>9} "
             f"{'unit/value':>10} {'indicator*':>10}"]
    for s in [*scores, overall(scores)]:
        lines.append(f"{s.source:<10} {s.facts:>5} {s.proposals:>8} {s.found:>5} {s.recall:>7.1%} {s.precision:>9.1%} "
                     f"{s.accuracy:>10.1%} {s.indicator_agreement:>10.1%}")
    lines.append("* indicator agreement: guessed without the report's own indicator file, among the facts whose "
                 "indicator is in the rest of the registry; information only")
    if verbose:
        for s in scores:
            for fact in s.missed:
                lines.append(f"missed  {fact.id}: {fact.written} ({fact.value:g} {fact.unit})")
            for fact, p in s.wrong:
                lines.append(f"wrong   {fact.id}: {fact.written} ({fact.value:g} {fact.unit}) proposed "
                             f"{p.figure.written} ({p.figure.value:g} {p.figure.unit})")
            for p in s.extra:
                lines.append(f"extra   {s.source}: {p.figure.written} ({p.figure.value:g} {p.figure.unit}) in {p.figure.quote}")
    return lines


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="list missed, wrong and extra figures")
    args = parser.parse_args(argv)
    scores = evaluate()
    for line in report_lines(scores, args.verbose):
        print(line)
    total = overall(scores)
    met = total.recall >= RECALL_TARGET and total.accuracy >= ACCURACY_TARGET
    print(f"targets: recall >= {RECALL_TARGET:.0%}, unit/value accuracy >= {ACCURACY_TARGET:.0%}: "
          f"{'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(prog="python -m pipelines.curation.evaluate"))
