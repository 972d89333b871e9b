"""Which figures may stand side by side: growth figures grouped by their indicator's comparison group (a
registry field), every selected locality named in every group, and a verdict per group worked out from the
figures themselves.

Verdicts:
- ``comparable``: two or more localities, same year, same period, same basis, same scope, same level, all
  actual results;
- ``partly``: the same measure, but the years, periods, scopes or levels differ (each difference named);
- ``not``: targets or forecasts mixed with actual results, or different bases (year on year vs. another
  base): the numbers do not answer the same question;
- ``single``: only one locality reports a figure of this group, so there is nothing beside it.
"""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd

VERDICTS = ("comparable", "partly", "not", "single")


class Verdict(NamedTuple):
    kind: str  # one of VERDICTS
    reasons: tuple[str, ...]  # keys: years, periods, scopes, levels, targets, bases


def _missing(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)


def _distinct(values, fill: str | None = None) -> int:
    """How many different values: missing ones left out (``Series.nunique``), or counted as ``fill``."""
    if fill is None:
        return len({v for v in values if not _missing(v)})
    return len({fill if _missing(v) else v for v in values})


def verdict(group: pd.DataFrame) -> Verdict:
    """The verdict for one group's figures (rows of the facts mart). Worked out over plain lists: a group has
    a handful of rows, where each pandas operation costs more than the work (a selection's groups took 40 ms)."""
    starts = [pd.Timestamp(v) for v in group["period_start"].tolist()]
    ends = [pd.Timestamp(v) for v in group["period_end"].tolist()]
    # A period as (kind, first day, last day) within the year: Jan–May and Jan–Oct differ, 2020 and 2022 too.
    spans = [None if _missing(k) else f"{k}:{a:%m-%d}:{b:%m-%d}"
             for k, a, b in zip(group["period_kind"].tolist(), starts, ends)]
    reasons = []
    if _distinct(e.year for e in ends) > 1:
        reasons.append("years")
    if _distinct(spans) > 1:
        reasons.append("periods")
    if _distinct(group["scope"].tolist(), "") > 1:
        reasons.append("scopes")
    if "level" in group and _distinct(group["level"].tolist()) > 1:
        reasons.append("levels")
    if _distinct(group["status"].tolist()) > 1:
        reasons.append("targets")
    if _distinct(group["basis"].tolist(), "") > 1:
        reasons.append("bases")
    if _distinct(group["locality_id"].tolist()) < 2:
        return Verdict("single", tuple(reasons))
    if "targets" in reasons or "bases" in reasons:
        return Verdict("not", tuple(reasons))
    return Verdict("partly" if reasons else "comparable", tuple(reasons))


class Group(NamedTuple):
    group_id: str
    name_zh: str
    name_en: str
    facts: pd.DataFrame  # the group's figures in the selection
    missing: tuple[str, ...]  # locality ids in the selection with no figure in this group
    verdict: Verdict


def growth_groups(facts: pd.DataFrame, localities: pd.DataFrame) -> list[Group]:
    """Percent growth figures by comparison group; groups with more reporting localities first, then the more
    comparable.
    ``localities`` is the selection (one row per locality): a locality without a figure in a group is listed
    as missing from it, so no one silently disappears."""
    growth = facts[facts["unit"] == "percent"]
    selected = list(localities["locality_id"])
    groups = []
    for gid, g in growth.groupby("comparison_group", sort=False):
        first = g.iloc[0]
        reporting = set(g["locality_id"])
        groups.append(Group(str(gid), first["group_zh"], first["group_en"], g.reset_index(drop=True),
                            tuple(loc for loc in selected if loc not in reporting), verdict(g)))
    # More reporting localities first; among those, the most comparable first.
    return sorted(groups, key=lambda grp: (-_distinct(grp.facts["locality_id"].tolist()),
                                           VERDICTS.index(grp.verdict.kind), grp.group_id))
