"""The dates and figures an instructor page states, each with the sources its sentence cites.

A page is read unit by unit (a table row, a list item, a paragraph line, a rubric's good answer);
a unit is split into cells and sentences, and each date ("4 May 2010", "May 2010", "4 May",
"2010-05-04", a bare year where the sentence cites a source) and figure ("1,210", "47.7 percent",
"82%", "$930 million") becomes a ``Mention``. Numbers that count parts of the course (sections,
minutes, points) are left out.

>>> [m.text for m in mentions("On 6 October 2010 she spoke; 574 places (`truthout-2010`).", "x.md")]
['6 October 2010', '574']
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from scomm.course import data
from scomm.course.layout import ROOT

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
YEAR_PATTERN = r"(?:19[5-9]\d|20[0-2]\d)"
DATE = re.compile(
    rf"\b(?P<iso>{YEAR_PATTERN}-[01]\d-[0-3]\d)\b"
    rf"|\b(?P<day>[0-3]?\d) (?P<dmonth>{_MONTH})(?:,? (?P<dyear>{YEAR_PATTERN}))?"
    rf"|\b(?P<mmonth>{_MONTH}) (?P<mday>[0-3]?\d),? (?P<myear>{YEAR_PATTERN})\b"
    rf"|\b(?P<month>{_MONTH})(?: of)? (?P<year>{YEAR_PATTERN})\b",
)
# Figures: 1,210 / 47.7 percent / 82% / $930 million / 3.4 million. Bare years, ids in backticks,
# form and order numbers and ordinals are not figures.
FIGURE = re.compile(
    r"(?<![\w.,$-])(?P<dollar>\$)?(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?P<scale> (?:million|billion))?(?P<percent>%| percent)?(?!\w|\.\d|,\d)",
)
YEAR = re.compile(rf"(?<![\w$.,-]){YEAR_PATTERN}(?![\w,-]|\.\d)")
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
    r"|\d+(?: \+ \d+)+(?: = \d+)?|add up to \d+|minutes \d+-\d+|at \d+ minutes|high school:? [\d-]+|(?:\d[\d,]*-\d[\d,]*,? )?or \d[\d,]*-\d[\d,]* (?:when|for a class)|earn \d+|\*\*\d+\*\*",
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
    return frozenset(w for w in words(window) if w not in MONTHS)


def words(text: str) -> set[str]:
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


def all_mentions(pages: Iterable[str] = PAGES) -> list[Mention]:
    """Every date and figure on the instructor pages."""
    return [m for page in pages for line, unit in page_units(page) for m in mentions(unit, page, line)]
