"""The dates and figures the instructor pages state about the history, and the data rows behind them.

Instructors repeat what the plans say, so every historical date and figure in them must agree
with a row of ``data/`` (``lessons/AUDIT.md`` records the reading behind this check). A mention
is looked up among the rows that cite a source the same sentence (or, failing that, the same
table row or paragraph) cites; a sentence that cites nothing is looked up among all rows. A date
matches a row's own dates, a date its text states, or its source's date, at the precision the
plan gives: "May 2010" is matched by 4 May 2010, "4 May 2010" only by that day. A figure matches a
number the row holds or states, rounded as the plan rounds it ("3.4 million" for 3,376,753).

>>> [m.text for m in mentions("On 6 October 2010 she spoke; 574 places (`truthout-2010`).", "x.md")]
['6 October 2010', '574']
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import pandas as pd

from scomm.course import data
from scomm.course.layout import PLANS_DIR, ROOT

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted((m.title() for m in MONTHS), key=len, reverse=True)) + r")\b\.?"
_YEAR = r"(?:19[5-9]\d|20[0-2]\d)"
DATE = re.compile(
    rf"\b(?P<iso>{_YEAR}-[01]\d-[0-3]\d)\b"
    rf"|\b(?P<day>[0-3]?\d) (?P<dmonth>{_MONTH})(?:,? (?P<dyear>{_YEAR}))?"
    rf"|\b(?P<mmonth>{_MONTH}) (?P<mday>[0-3]?\d),? (?P<myear>{_YEAR})\b"
    rf"|\b(?P<month>{_MONTH})(?: of)? (?P<year>{_YEAR})\b",
)
# Figures: 1,210 / 47.7 percent / 82% / $930 million / 3.4 million. Bare years, ids in backticks,
# form and order numbers and ordinals are not figures.
FIGURE = re.compile(
    r"(?<![\w.,$-])(?P<dollar>\$)?(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?P<scale> (?:million|billion))?(?P<percent>%| percent)?(?!\w|\.\d|,\d)",
)
YEAR = re.compile(rf"(?<![\w$.,-]){_YEAR}(?![\w,-]|\.\d)")
SOURCE_ID = re.compile(r"`([a-z0-9][a-z0-9.-]*)`")
CODE = re.compile(r"`[^`]*`")
SENTENCE = re.compile(r"(?<=[.;:?!])\s+(?=[A-Z(*\"'])")

#: The instructor pages this check reads (the deployment guide tells no history), and the README.
PAGES = (
    "lessons/README.md",
    "lessons/01_program_mechanics.md",
    "lessons/02_opt_out_dispute.md",
    "lessons/03_detainer_law.md",
    "lessons/04_pep_transition.md",
    "lessons/closing_assessment.md",
    "keys/rubrics/01_program_mechanics.toml",
    "keys/rubrics/02_opt_out_dispute.toml",
    "keys/rubrics/03_detainer_law.toml",
    "keys/rubrics/04_pep_transition.toml",
    "README.md",
)
#: Pages of which only some sections tell the history: (first heading kept, heading that ends it).
HISTORY_PARTS = {"README.md": (("# scomm-kit", "## Two commands"), ("## The data", "## Speed"))}


@dataclass(frozen=True)
class Mention:
    """One date or figure in an instructor page, with the sources its sentence cites."""

    page: str
    line: int
    kind: str  # "day", "month", "year" or "figure"
    text: str
    value: tuple  # (year, month, day) for dates; (number, decimals, scaled) for figures
    cited: tuple[str, ...]
    sentence: str
    near: frozenset[str] = frozenset()
    at: int = 0
    partner: Mention | None = None  # a figure just before a date: one row must hold both


@dataclass(frozen=True)
class Row:
    """One data row as this check sees it: its sources, its dates and its figures."""

    table: str
    row_id: str
    sources: frozenset[str]
    dates: frozenset[tuple]
    figures: tuple[float, ...]
    public_from: pd.Timestamp
    percents: frozenset[float] = frozenset()
    words: frozenset[str] = frozenset()


def page_units(page: str) -> Iterator[tuple[int, str]]:
    """The units of one page (table row, list item or paragraph line; a rubric's good answers).

    >>> next(page_units("keys/rubrics/01_program_mechanics.toml"))[1].startswith("Prints taken")
    True
    """
    path = ROOT / page
    if path.suffix == ".toml":
        # Rubrics name their sources bare, "(truthout-2010)"; mark them as the plans do.
        bare = re.compile(
            r"(?<![\w`-])("
            + "|".join(map(re.escape, sorted(source_ids(), key=len, reverse=True)))
            + r")(?![\w-])"
        )
        rubrics = tomllib.loads(path.read_text(encoding="utf-8"))["rubric"]
        for rubric in rubrics:
            for number, answer in enumerate(rubric["good_answer"], start=1):
                yield number, bare.sub(r"`\1`", answer)
        return
    parts = HISTORY_PARTS.get(page)
    keep = parts is None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if parts and line.startswith("#"):
            keep = any(line == start for start, _ in parts) or (
                keep and not any(line == end for _, end in parts)
            )
        if keep and line.strip() and not line.startswith(("#", "|---", "`", ".venv")):
            yield number, line


# Numbers that count parts of the course, not history: sections, prompts, minutes, points, words.
NOT_HISTORY = re.compile(
    r"\b(?:EO|[Ss]ections?|[Ll]essons?|[Pp]rompts?|[Qq]uestions?|[Ss]ession|[Ss]eed|[Ll]evels?|CFR|Order|FY)"
    r" \d[\d.,]*(?:(?:, | and | or |-)\d+)*"
    r"|\d[\d,]*(?:-\d[\d,]*)? ?(?:minutes?|min\b|-minute|points?|words|bookings|criteria|levels)"
    r"|\*\*\d+\.|^\s*\d+(?:-\d+)?\.?\s*$|± ?[\d.]+|\b\d+ = |I-247\w*|287\(g\)|\(\w\)|\b287\.7\b"
    r"|\d+(?: \+ \d+)+(?: = \d+)?|add up to \d+|minutes \d+-\d+|at \d+ minutes|high school: [\d-]+|earn \d+|\*\*\d+\*\*",
)


def mentions(unit: str, page: str, line: int = 0) -> Iterator[Mention]:
    """Every date and figure in one unit of a page, each with the sources cited nearest to it."""
    whole = _cited(unit)
    cells = unit.split("|") if unit.startswith("|") else [unit]
    for cell in cells:
        for sentence in SENTENCE.split(cell):
            cited = _cited(sentence) or whole
            plain = NOT_HISTORY.sub(_blank, CODE.sub(_blank, sentence))
            figures = list(_figures(DATE.sub(_blank, plain), page, line, cited, sentence))
            for date in _dates(plain, page, line, cited, sentence):
                yield dataclasses.replace(date, partner=_partner(date, figures, plain))
            yield from figures


def _blank(match: re.Match) -> str:
    return " " * len(match[0])  # keeps every later mention at its place in the sentence


def _partner(date: Mention, figures: list[Mention], text: str) -> Mention | None:
    # "1,210 jurisdictions by March 2011": the figure's row must be the date's row too.
    before = [
        f for f in figures if f.at < date.at and ";" not in text[f.at : date.at] and date.at - f.at <= 50
    ]
    return before[-1] if before and date.kind in ("day", "month") else None


def _cited(text: str) -> tuple[str, ...]:
    known = source_ids()
    return tuple(i for i in SOURCE_ID.findall(text) if i in known)


@cache
def source_ids() -> frozenset[str]:
    """The ids of ``data/sources.csv``: other names in backticks (exercises, parameters) cite nothing."""
    return frozenset(data.load("sources")["source_id"])


def _dates(text: str, page: str, line: int, cited: tuple, sentence: str) -> Iterator[Mention]:
    found = list(DATE.finditer(text))
    years = [_year_of(m) for m in found]
    for index, match in enumerate(found):
        # "on 6 October" takes its year from the nearest date in the sentence that names one.
        year = years[index] or next((y for y in years[index:] + years[:index][::-1] if y), None)
        if year is not None:
            kind, value = _date_value(match, year)
            yield _mention(page, line, kind, match, value, cited, sentence, text)
    if cited:  # a bare year is checked where the sentence names its source
        for match in YEAR.finditer(DATE.sub(_blank, text)):
            yield _mention(page, line, "year", match, (int(match[0]),), cited, sentence, text)


def _date_value(match: re.Match, year: int) -> tuple[str, tuple]:
    if match["iso"]:
        return "iso", tuple(int(part) for part in match["iso"].split("-"))
    if match["day"]:
        return "day", (year, MONTHS[match["dmonth"].lower().rstrip(".")], int(match["day"]))
    if match["mday"]:
        return "day", (year, MONTHS[match["mmonth"].lower().rstrip(".")], int(match["mday"]))
    return "month", (year, MONTHS[match["month"].lower().rstrip(".")])


def _mention(
    page: str, line: int, kind: str, match: re.Match, value: tuple, cited: tuple, sentence: str, text: str
) -> Mention:
    near = _near(text, match.start(), match.end())
    return Mention(page, line, kind, match[0].strip(), value, cited, sentence, near, match.start())


WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
#: Words around a mention that tie it to a row: any not in this list and not a month's name.
COMMON = frozenset(
    re.split(
        r"\s+",
        "about after also before between both came could does during each early every first from have into "
        "late later made more most never nothing once only other over program same says than that their them "
        "then there these they this through under until were what when where which while whose will with "
        "within would year years day days month public secure communities notebook students lesson",
    )
)


def _near(text: str, start: int, end: int, reach: int = 70) -> frozenset[str]:
    window = text[max(0, start - reach) : end + reach]
    return frozenset(w for w in _words(window) if w not in MONTHS)


def _words(text: str) -> set[str]:
    return {w.lower().strip("'-").removesuffix("'s") for w in WORD.findall(text)} - COMMON


def _year_of(match: re.Match) -> int | None:
    text = match["iso"] or match["dyear"] or match["myear"] or match["year"]
    return int(text[:4]) if text else None


def _figures(text: str, page: str, line: int, cited: tuple, sentence: str) -> Iterator[Mention]:
    for match in FIGURE.finditer(text):
        digits = match["number"].replace(",", "")
        number = float(digits)
        bare = not (match["percent"] or match["scale"] or match["dollar"])
        if bare and (_is_year(digits) or number < 10):
            continue
        decimals = len(digits.partition(".")[2])
        scale = 1e9 if match["scale"] == " billion" else 1e6 if match["scale"] else 1
        yield _mention(page, line, "figure", match, (number * scale, decimals, scale), cited, sentence, text)


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and digits.isdigit() and 1950 <= int(digits) <= 2030


def dates_in(text: str) -> Iterator[tuple]:
    """The dates a text states, at their precision: (y, m, d) or (y, m).

    >>> sorted(dates_in("Senate 21 Aug, Assembly concurrence 24 Aug 2012"))
    [(2012, 8, 21), (2012, 8, 24)]
    """
    for mention in _dates(text, "", 0, (), text):
        yield mention.value


def figures_in(text: str) -> Iterator[float]:
    """The numbers a text states (years left out), scaled: "$1 billion" is 1e9."""
    for mention in _figures(DATE.sub(" ", text), "", 0, (), text):
        yield mention.value[0]


@cache
def rows() -> tuple[Row, ...]:
    """Every row of every dated table, as sources, dates and figures."""
    found: list[Row] = []
    from scomm.course.world import World

    world = World("2025-01-20")
    for table in data.tables():
        frame = data.load(table)
        key = data.primary_key(table)
        public = world.public_from(table)
        for (_, row), day in zip(frame.iterrows(), public, strict=True):
            found.append(_row(table, str(row[key]) if key else "", row, day))
    return tuple(found)


def _row(table: str, row_id: str, row: pd.Series, public: pd.Timestamp) -> Row:
    sources = set(row.get("source_ids", ()) or ())
    if table == "sources":
        sources.add(row_id)
    dates: set[tuple] = set()
    figures: list[float] = []
    for column, value in row.items():
        if isinstance(value, pd.Timestamp) and pd.notna(value):
            dates.add((value.year, value.month, value.day))
        elif isinstance(value, float | int) and not isinstance(value, bool) and pd.notna(value):
            figures.append(float(value))
        elif isinstance(value, str) and column not in ("url", "seed_file"):
            dates.update(dates_in(value))
            figures.extend(figures_in(value))
            dates.update((int(y), 0, 0) for y in re.findall(rf"\b{_YEAR}\b", value))
    texts = " ".join(str(v) for c, v in row.items() if isinstance(v, str) and c not in ("url", "seed_file"))
    percents = {float(n.replace(",", "")) for n in re.findall(r"(\d[\d,.]*)(?:%| percent)", texts)}
    if row.get("unit") == "percent":
        percents.update(float(row[c]) for c in ("value", "magnitude") if c in row and pd.notna(row[c]))
    return Row(
        table,
        row_id,
        frozenset(sources),
        frozenset(dates),
        tuple(figures),
        public,
        percents=frozenset(percents),
        words=frozenset(_words(texts)),
    )


def candidates(mention: Mention) -> list[Row]:
    """The rows a mention must agree with: those citing a source its sentence cites, else all."""
    every = rows()
    if not mention.cited:
        return list(every)
    cited = set(mention.cited)
    return [row for row in every if row.sources & cited]


def holds(row: Row, mention: Mention) -> bool:
    """Whether one row holds the mention's date or figure, at the precision the page gives."""
    if mention.kind == "figure":
        # A share matches only a share: 26 counties do not support "26%".
        pool = row.percents if mention.text.endswith(("%", "percent")) else row.figures
        return any(_same_figure(value, mention.value) for value in pool)
    return any(_same_date(have, mention.value) for have in row.dates)


def supports(row: Row, mention: Mention) -> bool:
    """Whether one row holds the mention's date or figure and, if nothing is cited, shares a telling word."""
    held = holds(row, mention) and (mention.partner is None or holds(row, mention.partner))
    if mention.cited:
        return held
    # Uncited, the mention may match any row: it must also share a telling word with it.
    telling = {w for w in mention.near if _rare(w)}
    return held and (not telling or bool(telling & row.words))


def _rare(word: str) -> bool:
    # A word in more than one row in twelve ("county", "detainer") ties a mention to nothing.
    return _frequency().get(word, 0) * 12 < len(rows())


@cache
def _frequency() -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows():
        for word in row.words:
            counts[word] = counts.get(word, 0) + 1
    return counts


def _same_date(have: tuple, wanted: tuple) -> bool:
    if len(have) == 2:  # a month the row's text names
        return len(wanted) == 2 and have == wanted
    if have[1] == 0:  # a year the row's text names
        return len(wanted) == 1 and have[0] == wanted[0]
    return have[: len(wanted)] == wanted


def _same_figure(have: float, wanted: tuple) -> bool:
    number, decimals, scale = wanted
    if math.isclose(have, number, rel_tol=1e-9):
        return True
    step = scale * 10 ** (-decimals) if scale > 1 else None
    return step is not None and abs(have - number) <= step / 2 + 1e-6


def unsupported(mentions_: Iterable[Mention]) -> list[Mention]:
    """The mentions no candidate row supports."""
    checked = [_paired(m) for m in mentions_]
    return [m for m in checked if not any(supports(row, m) for row in candidates(m))]


def _paired(mention: Mention) -> Mention:
    # A partner no row states (a share the plan computes) binds nothing.
    if mention.partner is None:
        return mention
    if any(holds(row, mention.partner) for row in candidates(mention.partner)):
        return mention
    return dataclasses.replace(mention, partner=None)


def all_mentions(pages: Iterable[str] = PAGES) -> list[Mention]:
    """Every date and figure on the instructor pages."""
    return [m for page in pages for line, unit in page_units(page) for m in mentions(unit, page, line)]


__all__ = [
    "PAGES",
    "PLANS_DIR",
    "Mention",
    "Row",
    "all_mentions",
    "candidates",
    "mentions",
    "supports",
    "unsupported",
]
