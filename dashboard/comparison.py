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


def _period_span(df: pd.DataFrame) -> pd.Series:
    """A figure's period as (kind, first month, last month): Jan–May and Jan–Oct differ, 2020 and 2022 too."""
    start, end = pd.to_datetime(df["period_start"]), pd.to_datetime(df["period_end"])
    return df["period_kind"] + ":" + start.dt.strftime("%m-%d") + ":" + end.dt.strftime("%m-%d")


def verdict(group: pd.DataFrame) -> Verdict:
    """The verdict for one group's figures (rows of the facts mart)."""
    reasons = []
    if pd.to_datetime(group["period_end"]).dt.year.nunique() > 1:
        reasons.append("years")
    if _period_span(group).nunique() > 1:
        reasons.append("periods")
    if group["scope"].fillna("").nunique() > 1:
        reasons.append("scopes")
    if "level" in group and group["level"].nunique() > 1:
        reasons.append("levels")
    if group["status"].nunique() > 1:
        reasons.append("targets")
    if group["basis"].fillna("").nunique() > 1:
        reasons.append("bases")
    if group["locality_id"].nunique() < 2:
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
    return sorted(groups, key=lambda grp: (-grp.facts["locality_id"].nunique(), VERDICTS.index(grp.verdict.kind),
                                           grp.group_id))
