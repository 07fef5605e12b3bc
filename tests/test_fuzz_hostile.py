"""Thousands of mutated documents, annotation files and submissions through ingestion, import and grading.

A seeded mutator (the same inputs every run; a failure names the input's number to replay it)
damages real-looking seeds: bytes flipped, markup and hostile fragments spliced in, pieces
repeated into long runs, cut, nested. Each input runs under a time limit, and the only
exception allowed is the kit's own ``ScommError``, which carries a sentence for a person.
"""

from __future__ import annotations

import contextlib
import json
import random
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from limits import at_most
from scomm.annotation import interchange, records, w3c_context
from scomm.errors import ScommError
from scomm.exercises import submission_check, submissions
from scomm.grading.grade import grade_submission
from scomm.grading.intake import exercise_sets
from scomm.sources import ingest as ingest_module
from scomm.sources.ingest import FORMATS

SEED = 14
PER_INPUT = 3.0  # seconds; a normal input takes milliseconds, a runaway pattern minutes

HTML = (
    "<html><head><title>T</title><script>x()</script></head><body><nav>Menu Search</nav>"
    "<table><tr><td><p>County <b>voted</b> on “detainers” — again.</p><ul><li>One</li></ul>"
    "</td></tr></table><p>Support us: donate today, you can.</p><footer>© 2011</footer></body></html>"
)
WIKI = (
    "'''S-Comm''' began {{nowrap|October 27, 2008}}.<ref>{{cite news|title=T|date={{nowrap|2008}}}}</ref>\n"
    "== History ==\n* [[ICE|Agency]] item\n{| class=wikitable\n|-\n| 2009 || 828,119\n|}\n[[Category:X]]"
)
TEXT = 'Skip to content Sign in\n/cdn/x.jpg)\nThe program.Â  nThe idea â€" a plan. nIn 2010 it grew.\n\n• A bullet'
DOCUMENTS = [
    HTML.encode(),
    WIKI.encode(),
    TEXT.encode(),
    TEXT.encode("cp1252", "replace"),
    HTML.encode("utf-16"),
]
FRAGMENTS = [
    b"<", b"</p>", b"<p>", b"<div>", b"<table>", b"<td>", b"{{", b"}}", b"[[", b"]]", b"{|", b"|}", b"<ref>",
    b" n", b" nThe", b"\r", b"\r\n", b"\x00", b"\xff", b"\xe9", b"\x95", b"\xef\xbb\xbf", b"\xe2\x80",
    b"Skip to content  ", b"Search  Menu  ", b"/uploads/", b"&amp;", b"&#x1F600;", b"\xf0\x9f\x98\x80",
    b'"', b"\xe2\x80\x9c", b"'", b"{{lang|es|", b"\t", b"\\", b"donate you",
]  # fmt: skip

DOC = SimpleNamespace(
    doc_id="memo", text="ICE said participation is voluntary. Critics said it was mandatory.", sha256="0" * 64
)


def _annotation_files() -> list[str]:
    anns = [
        records.make_from_quote(
            DOC, "participation is voluntary", annotator="s1", tag="claim", stance="voluntary"
        ),
        records.make_from_quote(
            DOC, "Critics", annotator="s2", tag="actor", comment="=cmd|' /C calc'!A0\nline"
        ),
    ]
    export = interchange.to_w3c(anns)
    hypothesis = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://hyp.is/1",
        "type": "Annotation",
        "creator": "acct:x@hypothes.is",
        "bodyValue": "note",
        "target": [
            {"source": "https://e.org", "selector": [{"type": "TextQuoteSelector", "exact": "Critics"}]}
        ],
    }
    return [json.dumps(export), json.dumps(hypothesis), json.dumps(w3c_context.expand(export))]


# -- the mutator ------------------------------------------------------------------------------------


def _flip(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]


def _splice(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(FRAGMENTS) * rng.choice((1, 1, 2, 50)) + data[at:]


def _repeat(rng: random.Random, data: bytes) -> bytes:
    """A piece repeated into a long run: the shape that made patterns backtrack."""
    start = rng.randrange(len(data))
    piece = data[start : start + rng.randint(1, 12)]
    return data[:start] + piece * rng.randint(50, 1_000) + data[start:]


def _cut(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 40) :]


def _nest(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice((10, 100, 1_000))
    return rng.choice((b"<div>", b"{{x|", b"[", b"[[")) * depth + data


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [_flip, _splice, _splice, _repeat, _cut, _nest]


def mutated(rng: random.Random, seed: bytes) -> bytes:
    data = seed
    for _ in range(rng.randint(1, 6)):
        data = rng.choice(MUTATIONS)(rng, data) if data else rng.choice(FRAGMENTS)
    return data


# -- JSON-level damage for annotation files ---------------------------------------------------------

ODD_VALUES = [
    None,
    0,
    -1,
    1.5,
    10**30,
    True,
    "",
    "x" * 6_000,
    [],
    {},
    [[[[[]]]]],
    "\x1b[2J",
    "2099-01-01T00:00:00Z",
]


def _damaged(rng: random.Random, value: object, depth: int = 0) -> object:
    """``value`` with some of its parts swapped for odd values, keys dropped or renamed."""
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            roll = rng.random()
            if roll < 0.05:
                continue  # a key dropped
            name = "scomm:" + key if roll < 0.08 else key
            out[name] = rng.choice(ODD_VALUES) if roll > 0.95 else _damaged(rng, inner, depth + 1)
        return out
    if isinstance(value, list):
        return [_damaged(rng, inner, depth + 1) for inner in value if rng.random() > 0.05]
    return rng.choice(ODD_VALUES) if rng.random() < 0.05 else value


def _allowed(action: Callable[[], object], number: int, what: str) -> None:
    with at_most(PER_INPUT, f"{what} {number}"):
        try:
            action()
        except ScommError as refusal:
            assert str(refusal), f"{what} {number}: a refusal without a sentence"


# -- the runs ---------------------------------------------------------------------------------------


def test_mutated_documents_are_ingested_or_refused_in_time() -> None:
    rng = random.Random(SEED)
    for number in range(700):
        raw = mutated(rng, rng.choice(DOCUMENTS))
        fmt = rng.choice(FORMATS)

        def run(raw: bytes = raw, fmt: str = fmt) -> None:
            # The unguarded pipeline: ingest's own last-resort guard would hide a bug here.
            doc = ingest_module._ingest(raw, doc_id="fuzz", fmt=fmt, title="", source_id=None, kind="source")
            assert "\n\n\n" not in doc.text

        _allowed(run, number, "document")


def test_mutated_annotation_files_are_imported_or_refused_in_time(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    seeds = _annotation_files()
    path = tmp_path / "a.jsonld"
    for number in range(1_000):
        seed = rng.choice(seeds)
        if rng.random() < 0.5:
            path.write_bytes(mutated(rng, seed.encode()))
        else:
            path.write_text(json.dumps(_damaged(rng, json.loads(seed))), encoding="utf-8")
        _allowed(lambda: interchange.read_w3c(path, doc=rng.choice((None, DOC))), number, "annotation file")


def test_mutated_annotation_spreadsheets_are_imported_or_refused_in_time(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    anns = interchange.from_w3c(json.loads(_annotation_files()[0]))
    seed = interchange.csv_bytes(anns)
    path = tmp_path / "a.csv"
    for number in range(400):
        path.write_bytes(mutated(rng, seed))
        _allowed(lambda: interchange.from_csv(path), number, "annotation spreadsheet")


def _graded(found: submission_check.Submission, sets: dict) -> None:
    graded = grade_submission(found, sets[found.lesson])
    assert 0 <= graded.total <= graded.max


def test_mutated_submission_files_are_read_or_refused_in_time(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    when = "2026-01-12T09:00:00+00:00"
    note = records.make_from_quote(DOC, "Critics", annotator="fuzz", tag="actor").to_record()
    answers = {
        "l1-growth": (4.1, when),
        "l1-flow-order": (["a", "b"], when),
        f"annotation:x:{note['id']}": (note, when),
    }
    body = submissions.submission_body(
        lesson="01_program_mechanics", student_id="fuzz", seed=7, answers=answers
    )
    seed, sets, path = json.dumps(body).encode(), exercise_sets(), tmp_path / "fuzz.json"
    for number in range(400):
        if rng.random() < 0.5:
            path.write_bytes(mutated(rng, seed))
        else:  # damaged values under a checksum made for them, so that they reach the grader
            damaged = _damaged(rng, body)
            with contextlib.suppress(ValueError, TypeError, AttributeError):
                damaged["checksum"] = submission_check.checksum(damaged)
            path.write_text(json.dumps(damaged), encoding="utf-8")
        _allowed(
            lambda: _graded(submission_check.read_submission(path, sets), sets), number, "submission file"
        )


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.__name__)
def test_each_mutation_changes_its_input(mutation: Callable[[random.Random, bytes], bytes]) -> None:
    rng = random.Random(SEED)
    assert all(mutation(rng, seed) != seed for seed in DOCUMENTS for _ in range(5) if mutation is not _flip)
