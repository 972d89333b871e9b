"""Guessing when a figure is from: the report's context (its registry period and date, or the year its text
names most often) and the period of each figure, from the date expressions before it (1-5月份, 上半年,
截至7月底, 去年…) or, failing those, the report's period. A target's deadline (3月底前) ends its period."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from pipelines.curation.figures import MAX_PARAGRAPH, SENTENCE_END, Figure, clause_bounds, numeral_value, sentence_start
from pipelines.dates import parse_date


@dataclass(frozen=True)
class ReportContext:
    """What the registry (or, failing that, the text) says about when the report's figures are from."""

    year: int
    start: dt.date | None = None  # registry period_start
    end: dt.date | None = None  # registry period_end
    published: dt.date | None = None
    year_hint: str | None = None  # set when the year is a guess

    @property
    def report_date(self) -> dt.date:
        return self.published or self.end or dt.date(self.year, 12, 31)


def report_context(text: str, record: dict | None = None) -> ReportContext:
    """The registry's period and date when there is an entry; otherwise the year the text names most often."""
    if record:
        start, end, published = (parse_date(record.get(f)) for f in ("period_start", "period_end", "published"))
        year = (end or start or published or dt.date.today()).year
        return ReportContext(year, start, end, published)
    # A year that names a period (2021年) is better evidence than one that names an award (2019年度).
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d\d)年(?!度)", text)) or \
        Counter(int(y) for y in re.findall(r"((?:19|20)\d\d)年", text))
    if years:
        year = max(years, key=lambda y: (years[y], y))
        return ReportContext(year, year_hint=f"the year {year} is the one the text names most often: check it")
    year = dt.date.today().year
    return ReportContext(year, year_hint=f"the text names no year; {year} is only a placeholder")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month(text: str) -> int | None:
    n = numeral_value(text)
    return int(n) if n is not None and 1 <= n <= 12 else None


SENTENCE_BREAK = re.compile(f"[{re.escape(SENTENCE_END)}]")
M = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
PERIOD_PATTERNS = [
    ("day_range", re.compile(rf"{M}月(\d{{1,2}})日?(?:至|到|-|—|－)(?:{M}月)?(\d{{1,2}})日")),
    ("month_range", re.compile(rf"{M}(?:-|—|－|至|到|~|～){M}月份?")),
    ("first_months", re.compile(rf"前{M}个?月")),
    ("first_quarters", re.compile(r"前([一二三1-3])(?:个)?季度")),
    ("quarter", re.compile(r"(?:第)?([一二三四1-4])季度")),
    ("half", re.compile(r"([上下])半年")),
    ("until_day", re.compile(rf"截[至止]到?{M}月(\d{{1,2}})日")),
    ("until_month_end", re.compile(rf"截[至止]到?{M}月底")),
    ("day", re.compile(rf"{M}月(\d{{1,2}})日")),
    ("month", re.compile(rf"{M}月份?(?![\d日底中上下初])")),
    ("year", re.compile(r"((?:19|20)\d\d)年")),
    ("last_year", re.compile(r"去年")),
    ("since_last_year", re.compile(r"去年以来")),
    ("this_year", re.compile(r"今年(?:以来)?")),
    ("to_date", re.compile(r"截至目前|截止目前|以来|累计|至今")),
    ("now", re.compile(r"目前|现已|现有|当前")),
]
# Words without one of which a pattern cannot match.
ANCHORS = {
    "day_range": ("月",), "month_range": ("月",), "first_months": ("月",), "first_quarters": ("季度",), "quarter": ("季度",),
    "half": ("半年",), "until_day": ("截",), "until_month_end": ("截",), "day": ("月",), "month": ("月",), "year": ("年",),
    "last_year": ("去年",), "since_last_year": ("去年",), "this_year": ("今年",), "to_date": ("目前", "以来", "累计", "至今"),
    "now": ("目前", "现已", "现有", "当前"),
}


def _period_from(kind: str, m: re.Match, year: int, ctx: ReportContext) -> dict | None:
    def p(k, s, e):
        # A window that would run backwards (截至5月31日 in a campaign begun in June) starts with its year.
        s = s if s <= e else dt.date(e.year, 1, 1)
        return {"kind": k, "start": s.isoformat(), "end": e.isoformat()}

    g = m.groups()
    if kind == "day_range":
        m1, m2 = _month(g[0]), _month(g[2]) if g[2] else _month(g[0])
        if m1 and m2:
            try:
                return p("range", dt.date(year, m1, int(g[1])), dt.date(year, m2, int(g[3])))
            except ValueError:
                return None
    elif kind == "month_range":
        m1, m2 = _month(g[0]), _month(g[1])
        if m1 and m2 and m1 <= m2:
            return p("ytd" if m1 == 1 else "range", dt.date(year, m1, 1), _month_end(year, m2))
    elif kind == "first_months":
        if (m2 := _month(g[0])):
            return p("ytd", dt.date(year, 1, 1), _month_end(year, m2))
    elif kind == "first_quarters":
        q = int(numeral_value(g[0]))
        return p("ytd", dt.date(year, 1, 1), _month_end(year, 3 * q))
    elif kind == "quarter":
        q = int(numeral_value(g[0]))
        return p("quarter", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
    elif kind == "half":
        return p("half_year", dt.date(year, 1, 1), dt.date(year, 6, 30)) if g[0] == "上" else \
            p("half_year", dt.date(year, 7, 1), dt.date(year, 12, 31))
    elif kind == "until_day":
        if (mo := _month(g[0])):
            try:
                return p("campaign_to_date", ctx.start or dt.date(year, 1, 1), dt.date(year, mo, int(g[1])))
            except ValueError:
                return None
    elif kind == "until_month_end":
        if (mo := _month(g[0])):
            return p("ytd", dt.date(year, 1, 1), _month_end(year, mo))
    elif kind == "day":
        if (mo := _month(g[0])):
            try:
                day = dt.date(year, mo, int(g[1]))
            except ValueError:
                return None
            return p("as_of", day, day)
    elif kind == "month":
        if (mo := _month(g[0])):
            return p("month", dt.date(year, mo, 1), _month_end(year, mo))
    elif kind == "year":
        y = int(g[0])
        return p("calendar_year", dt.date(y, 1, 1), dt.date(y, 12, 31))
    elif kind == "last_year":
        return p("calendar_year", dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))
    elif kind == "since_last_year":
        return p("range", dt.date(year - 1, 1, 1), ctx.report_date)
    elif kind == "this_year":
        return p("ytd", dt.date(year, 1, 1), ctx.report_date)
    elif kind == "to_date":
        return p("campaign_to_date", ctx.start or dt.date(year, 1, 1), ctx.report_date)
    elif kind == "now":
        return p("as_of", ctx.report_date, ctx.report_date)
    return None


def _default_period(ctx: ReportContext) -> dict:
    if ctx.start and ctx.end:
        return {"kind": "campaign_to_date", "start": ctx.start.isoformat(), "end": ctx.end.isoformat()}
    return {"kind": "calendar_year", "start": f"{ctx.year}-01-01", "end": f"{ctx.year}-12-31"}


def guess_period(text: str, fig: Figure, ctx: ReportContext) -> tuple[dict, str | None]:
    """The nearest date expression before the figure in its sentence, else in its paragraph, else the
    report's period. Returns the period and a hint when it comes from further away."""
    sent = sentence_start(text, fig.start)
    # The paragraph, looked for at most MAX_PARAGRAPH characters back (where a longer one is cut).
    floor = max(0, fig.start - MAX_PARAGRAPH)
    para = max(text.rfind("\n", floor, fig.start) + 1, floor)
    # A year written in the same sentence (2021年共安排…) sets the year for month-only dates after it.
    years = re.findall(r"((?:19|20)\d\d)年", text[sent:fig.start])
    year = int(years[-1]) if years else ctx.year
    starts = [m.end() for m in SENTENCE_BREAK.finditer(text, para, sent)]
    if para == 0 or text[para - 1] == "\n":
        starts.insert(0, para)
    window = text[sent:fig.start]
    for hint in (None, "period taken from an earlier sentence of the paragraph"):
        found = []
        for kind, rx in PERIOD_PATTERNS:
            if not any(word in window for word in ANCHORS[kind]):
                continue  # a C substring test spares the pattern's scan of a long window
            if hint is None:
                matches = rx.finditer(window)
            else:
                # An earlier sentence sets the period for the ones after it only when it opens with it
                # (1-10月，全市…。工业用电量同比增长6.9%); a date inside it (2019年度…奖) dates that sentence alone.
                # No pattern spans a sentence end, so the matches that start a sentence are found by trying
                # each sentence start alone.
                matches = filter(None, (rx.match(text, s, fig.start) for s in starts))
            found += [(m.end(), m.end() - m.start(), kind, m) for m in matches]
        for _, _, kind, m in sorted(found, key=lambda f: (f[0], f[1]), reverse=True):
            period = _period_from(kind, m, year, ctx)
            if period:
                return period, hint
        window = text[para:fig.start]
    return _default_period(ctx), "no date near the figure: the report's period is assumed"


def deadline(text: str, fig: Figure, period: dict) -> str:
    """A target's deadline: 3月底 / 6月底前 in its clause, else the end of the period it was found in."""
    lo, hi = clause_bounds(text, fig.start, fig.end)
    m = re.search(rf"{M}月底", text[lo:hi])
    month = _month(m.group(1)) if m else None
    if month:
        end = _month_end(parse_date(period["start"]).year, month).isoformat()
        return max(end, period["start"])
    return period["end"]
