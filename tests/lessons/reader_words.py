"""What a student should read as words, found in the text a lesson shows: a teacher's voice, row ids
and codes in table cells, and the kit's own names (a snake_case name, a module path, a file path).

Used with ``time_honesty``, which gathers the text a student sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bs4 import BeautifulSoup

from scomm.course import data

from time_honesty import _joined

#: A sentence written to a teacher ("Ask students...", "A lesson can ask..."), or a label for one.
TEACHER_VOICE = re.compile(
    r"(?i:\b(?:ask|have|let|invite|remind|tell) students\b|\bstudents (?:can|should|could|might|may|will|must)\b"
    r"|\b(?:a|the|this) lesson can\b)|\bInstructor(?: note)?[.:]"
)


def teacher_voice(texts: Iterable[str]) -> list[str]:
    """Each sentence in ``texts`` that speaks to a teacher rather than to the student reading it.

    >>> teacher_voice(["Two dates. Ask students what 'start' should mean.", "**Instructor: the class view.** Run it."])
    ["Ask students what 'start' should mean.", '**Instructor: the class view.** Run it.']
    >>> teacher_voice(["Your instructor may comment on them.", "What should 'start' mean here?"])
    []
    """
    found = []
    for text in texts:
        for sentence in re.split(r"(?<=[.?!])\s+", text):
            if TEACHER_VOICE.search(sentence):
                found.append(" ".join(sentence.split())[:160])
    return found


#: Columns whose cells are references by design: the sources (shown by publisher and date; any id
#: that slips through is found by ``code_words``). No table has an Id column: a reader finds a row
#: by what it says, who said it and when.
REFERENCE_COLUMNS = {"Sources", "Source"}


def row_ids() -> set[str]:
    """Every data row's id; a glossary term's id and a priority's tier are words already."""
    worded = {"glossary", "priorities"}
    found = set()
    for resource in data.descriptor()["resources"]:
        if resource["name"] not in worded:
            (key,) = resource["schema"]["primaryKey"]
            found |= set(data.load(resource["name"])[key].astype(str))
    return found


def codes() -> set[str]:
    """Every coded value the Table Schema allows (``constraints.enum``): ``local``, ``in_force``,
    ``agency``; not one the glossary defines as a term (the glossary's "activation" is a word)."""
    terms = set(data.load("glossary")["term"])
    return {
        str(value)
        for resource in data.descriptor()["resources"]
        for field in resource["schema"]["fields"]
        for value in field.get("constraints", {}).get("enum", [])
        if str(value) == str(value).lower() and str(value) not in terms  # "Priority 1" is words already
    }


#: A cell or column head that is a code, not words: a date written 2010-05-04, a boolean, a
#: snake_case name (``date_precision``).
CODED = re.compile(r"\d{4}-\d{2}-\d{2}|True|False|[a-z0-9]+(?:_[a-z0-9]+)+")


def raw_ids(nb: dict, ids: set[str], codes: set[str] = frozenset()) -> list[str]:
    """Table cells a student reads that hold nothing but row ids (``ids``; ``table:id`` too) or a
    code (``codes``, e.g. the Table Schema's ``local``, ``in_force``, ``agency``; or what ``CODED``
    matches), outside a column of references (``REFERENCE_COLUMNS``): where a reader expects
    words. A column head that is a code is listed too.

    >>> html = "<table><thead><tr><th>Topic</th><th>Sources</th><th>kind_code</th></tr></thead><tbody>"
    >>> html += "<tr><td>events:ev-1; ev-2</td><td>ev-1</td><td>Local</td></tr>"
    >>> html += "<tr><td>A start</td><td>ev-2</td><td>local</td></tr>"
    >>> html += "<tr><td>2010-05-04</td><td>ev-2</td><td>True</td></tr></tbody></table>"
    >>> raw_ids({"cells": [{"outputs": [{"data": {"text/html": html}}]}]}, {"ev-1", "ev-2"}, {"local"})
    ['head: kind_code', 'Topic: events:ev-1; ev-2', 'kind_code: local', 'Topic: 2010-05-04', 'kind_code: True']
    """
    found = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            markup = output.get("data", {}).get("text/html")
            for table in BeautifulSoup(_joined(markup or ""), "html.parser").find_all("table"):
                heads = [th.get_text(" ", strip=True) for th in table.find_all("th")]
                found += [f"head: {head}" for head in heads if CODED.fullmatch(head)]
                for row in table.find_all("tr"):
                    for head, td in zip(heads, row.find_all("td"), strict=False):
                        text = td.get_text(" ", strip=True)
                        if head not in REFERENCE_COLUMNS and text and _coded(text, ids, codes):
                            found.append(f"{head}: {text[:80]}")
    return found


def _coded(text: str, ids: set[str], codes: set[str]) -> bool:
    """Whether a cell's whole text is row ids, one code, or a code ``CODED`` matches."""
    parts = [part.strip().split(":")[-1] for part in text.split(";")]
    return all(part in ids for part in parts) or text in codes or bool(CODED.fullmatch(text))


#: What a reader should never meet: the kit's own names. A snake_case name (``as_of``,
#: ``next_step``), a dotted module path (``scomm.policy.caseload``), a file path
#: (``lessons/closing_assessment.md``, ``data/events.csv``). A web site's name ("crimmigration.com")
#: and an abbreviation ("U.S.", "e.g.") are words.
_SNAKE = r"(?<![\w./-])[A-Za-z][a-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w/-])"


_DOTTED = r"\b[a-z_][a-z0-9_]+(?:\.[A-Za-z_][A-Za-z0-9_]*)+(?<!\.com)(?<!\.org)(?<!\.gov)(?<!\.net)(?<!\.edu)\b(?!\.\w)"


_PATH = r"(?<![\w.])(?:[\w.-]+/)*[\w-]+\.(?:md|py|ipynb|csv|json|toml|txt|html?)\b|\b(?:data|lessons|notebooks|helpers|keys|build)/[\w./-]+"


KIT_NAMES = re.compile(rf"{_PATH}|{_SNAKE}|{_DOTTED}")


def code_words(texts: Iterable[str], names: Iterable[str] = ()) -> list[str]:
    """Each of the kit's own names in ``texts`` (see ``KIT_NAMES``) and each source id in ``names``,
    with a little of the text around it: what a student or a teacher who is not a programmer
    should read as words.

    >>> names = lambda found: [f.split(": …")[0] for f in found]
    >>> names(code_words(["Up to your `as_of` date (data/events.csv); see vox-2014, crimmigration.com."], ["vox-2014"]))
    ['as_of', 'data/events.csv', 'vox-2014']
    >>> names(code_words(["Made by scomm.policy.caseload; read lessons/closing_assessment.md. U.S. law, e.g. 8 U.S.C."]))
    ['scomm.policy.caseload', 'lessons/closing_assessment.md']
    >>> code_words(["Secure Communities/CIRCA, IDENT/IAFIS, FY2011, I-247D, 3,056 of 20,000."])
    []
    """
    ids = sorted(set(names), key=len, reverse=True)
    named = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ids)) + r")(?![\w-])") if ids else None
    found = []
    for text in texts:
        matches = list(KIT_NAMES.finditer(text)) + (list(named.finditer(text)) if named else [])
        for match in sorted(matches, key=lambda m: m.start()):
            start, end = max(0, match.start() - 20), min(len(text), match.end() + 20)
            found.append(f"{match[0]}: …{' '.join(text[start:end].split())}…")
    return found
