"""Source ingestion: the seeds, each markup, code-point offsets, stable ids, fuzzing, the readings."""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from pathlib import Path

import pytest

from scomm.course import data
from scomm.sources import corpus, documents
from scomm.sources.documents import Document
from scomm.sources.ingest import ingest

SEEDS = corpus.seeds_dir()
needs_seeds = pytest.mark.skipif(
    SEEDS is None,
    reason="no source documents: set SCOMM_SOURCES to the seeds folder (CI does), or keep ../shared/seeds",
)
VOX, VOX_MIRROR, TRUTHOUT, FOIA, WIKIPEDIA = (
    "000_c66454a0af012f73.txt",
    "001_6f6fa95fe50bbbc2.txt",
    "002_d50196102961e2c0.txt",
    "003_e741ec27b0110787.txt",
    "004_b617bef2b43620bb.txt",
)
ALL_SEEDS = (VOX, VOX_MIRROR, TRUTHOUT, FOIA, WIKIPEDIA)
MOJIBAKE = ("â€", "Â")


def assert_consistent(doc: Document) -> None:
    """Everything a Document promises: NFC, its hash, paragraphs tiling the text, unique ids."""
    assert unicodedata.is_normalized("NFC", doc.text)
    assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    parts = doc.text.split("\n\n") if doc.text else []
    assert [doc.text[p.start : p.end] for p in doc.paragraphs] == parts
    assert all(part and part == " ".join(part.split()) for part in parts)
    assert [p.pid for p in doc.paragraphs] == documents.paragraph_ids(parts)
    assert len({p.pid for p in doc.paragraphs}) == len(doc.paragraphs)
    for paragraph in doc.paragraphs:
        assert doc.paragraph_at(paragraph.start) == paragraph
        assert doc.paragraph_at(paragraph.end - 1) == paragraph
        assert doc.paragraph_at(paragraph.end) is None  # the blank line, or past the end
    assert doc.paragraph_at(-1) is None and doc.paragraph_at(len(doc.text)) is None
    for extra in (doc.title, *doc.references, *(c for t in doc.tables for r in t for c in r)):
        assert unicodedata.is_normalized("NFC", extra) and "\n" not in extra


# -- the seeds --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    return {name: corpus.from_seed(name) for name in ALL_SEEDS}


@needs_seeds
@pytest.mark.parametrize("name", ALL_SEEDS)
def test_every_seed_is_consistent_clean_and_stable_when_ingested_again(seeds, name):
    doc = seeds[name]
    assert_consistent(doc)
    assert doc.kind == "source" and len(doc.paragraphs) > 10
    assert not [bad for bad in MOJIBAKE if bad in doc.text]
    assert not re.search(r"\sn[A-Z\"]", doc.text), "a ' n' paragraph mark survived"
    assert ingest(doc.text, doc_id=doc.doc_id, fmt="text").text == doc.text  # safe to run twice


@needs_seeds
def test_seeds_get_source_id_and_title_from_sources_csv(seeds):
    table = data.load("sources").set_index("seed_file")
    for name, doc in seeds.items():
        assert doc.source_id == table.loc[name, "source_id"] == doc.doc_id
        assert doc.title == table.loc[name, "title"]


@needs_seeds
def test_the_two_vox_copies_come_out_nearly_identical(seeds):
    clean, mirror = seeds[VOX].text, seeds[VOX_MIRROR].text
    ratio = difflib.SequenceMatcher(None, clean, mirror, autojunk=False).ratio()
    assert ratio >= 0.97, f"000 and 001 differ after ingestion: similarity {ratio:.4f}"
    assert clean.startswith('The "Secure Communities" program was supposed to be')  # no image address
    assert len(seeds[VOX].paragraphs) == len(seeds[VOX_MIRROR].paragraphs)


@needs_seeds
def test_paragraph_marks_split_paragraphs_without_breaking_words(seeds):
    mirror = seeds[VOX_MIRROR]
    paragraphs = [mirror.paragraph_text(p) for p in mirror.paragraphs]
    assert "How Secure Communities is supposed to work" in paragraphs  # a heading without a full stop
    assert "Some counties in liberal parts of the country" in mirror.text
    assert "in an office" not in mirror.text and " i " not in mirror.text
    # the page's lower-case pull-quotes repeat the article and are not part of it
    assert "over 100 states, cities, and counties" not in mirror.text
    assert "i think that's inherently problematic" not in mirror.text


@needs_seeds
def test_wikipedia_gives_references_a_table_and_markup_free_text(seeds):
    wiki = seeds[WIKIPEDIA]
    for markup in ("{{", "}}", "[[", "]]", "<ref", "'''", "{|", "|}", "==", "Category:"):
        assert markup not in wiki.text
    assert len(wiki.references) >= 30
    assert wiki.references[0].startswith("ICE. Secure Communities: A Comprehensive Plan")
    assert any(r.startswith("Preston, Julia. U.S. Identifies 111,000") for r in wiki.references)
    assert len(wiki.tables) == 1
    assert ("2009", "828,119") in wiki.tables[0] and ("Year", "Total Submissions to ICE") in wiki.tables[0]
    assert "828,119" not in wiki.text
    paragraphs = [wiki.paragraph_text(p) for p in wiki.paragraphs]
    assert "Detainer Controversies" in paragraphs  # a heading, alone
    assert "Level 2: all other felonies; and" in paragraphs  # each list item alone
    assert "References" not in paragraphs and "Further reading" not in paragraphs  # empty sections


@needs_seeds
def test_truthout_starts_with_its_headline_without_chrome_or_appeal(seeds):
    page = seeds[TRUTHOUT]
    assert page.text.startswith("Secure Communities Opt-Out May Be on the Table\n\n")
    assert "Skip to" not in page.text
    for appeal in ("donat", "fundraising", "We need your help", "Truthout into the new year"):
        assert appeal not in page.text
    assert page.text.endswith("fastest growing federal immigration enforcement program.")


@needs_seeds
def test_bullets_in_plain_text_are_paragraphs_of_their_own(seeds):
    paragraphs = [seeds[FOIA].paragraph_text(p) for p in seeds[FOIA].paragraphs]
    bullets = [p for p in paragraphs if p.startswith("• ")]
    assert len(bullets) == 5 and "Problem Statement:" in paragraphs


@needs_seeds
def test_editing_one_paragraph_leaves_the_other_ids_alone():
    raw = (SEEDS / VOX).read_text(encoding="utf-8")
    before = ingest(raw, doc_id="vox")
    edited = ingest(raw.replace("a trickle of states", "a handful of states"), doc_id="vox")
    old_ids, new_ids = [p.pid for p in before.paragraphs], [p.pid for p in edited.paragraphs]
    changed = [i for i, (a, b) in enumerate(zip(old_ids, new_ids, strict=True)) if a != b]
    assert len(changed) == 1
    assert "a handful of states" in edited.paragraph_text(edited.paragraphs[changed[0]])


def test_ids_are_stable_and_repeats_are_numbered():
    first = ingest("Alpha one.\n\nBeta two.\n\nAlpha one.\n\nGamma three.", doc_id="d")
    second = ingest("Alpha one.\n\nBeta, revised.\n\nAlpha one.\n\nGamma three.", doc_id="d")
    ids1, ids2 = [p.pid for p in first.paragraphs], [p.pid for p in second.paragraphs]
    assert ids1[2] == ids1[0] + "-2"
    assert ids1[1] != ids2[1] and [ids1[i] for i in (0, 2, 3)] == [ids2[i] for i in (0, 2, 3)]
    assert_consistent(first)


def test_from_seed_says_what_to_do_when_the_seeds_are_missing(monkeypatch, tmp_path):
    monkeypatch.setenv(corpus.SOURCES_ENV, str(tmp_path))
    assert corpus.seeds_dir() == tmp_path
    with pytest.raises(FileNotFoundError, match="does not exist"):
        corpus.from_seed("nope.txt")
    monkeypatch.setattr(corpus, "seeds_dir", lambda: None)
    with pytest.raises(FileNotFoundError, match="set SCOMM_SOURCES"):
        corpus.from_seed(VOX)


def test_a_seed_missing_from_sources_csv_still_ingests(monkeypatch, tmp_path):
    (tmp_path / "999_new.txt").write_text("A new article.", encoding="utf-8")
    monkeypatch.setenv(corpus.SOURCES_ENV, str(tmp_path))
    doc = corpus.from_seed("999_new.txt")
    assert (doc.source_id, doc.doc_id, doc.text) == (None, "999_new", "A new article.")


# -- the default corpus -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def readings() -> dict[str, Document]:
    return corpus.corpus()


def test_the_default_corpus_is_one_reading_per_lesson(readings):
    from scomm.course.layout import LESSONS

    assert list(readings) == [lesson.slug for lesson in LESSONS]
    known = set(data.load("sources")["source_id"])
    for slug, doc in readings.items():
        assert_consistent(doc)
        assert (doc.doc_id, doc.kind, doc.source_id) == (slug, "reading", None)
        assert doc.title and not doc.text.startswith("#")
        assert "<!--" not in doc.text and "source_ids" not in doc.text
        assert 250 <= len(doc.text.split()) <= 450, f"{slug}: {len(doc.text.split())} words"
        assert doc.references and set(doc.references) <= known, set(doc.references) - known
        assert len(doc.paragraphs) >= 5
        assert corpus.reading(slug) == doc


def test_the_readings_are_written_clean_so_mending_them_changes_nothing(readings):
    # A reading skips ftfy and the paragraph-mark repair (READING_REPAIRS), which a lesson showing
    # it would otherwise import; that is only right while every repair leaves every reading as it is.
    from scomm.sources.cleanup import REPAIRS

    for slug, doc in readings.items():
        title, _, paragraphs = corpus.parts(slug)
        text = "\n\n".join(part.text for part in paragraphs)
        for repair in REPAIRS:
            assert repair(text) == text, f"{slug}: {repair.__name__} changes the reading"
        assert ingest(text, doc_id=slug, fmt="text", title=title, kind="source").paragraphs == doc.paragraphs


def test_readings_hold_what_the_lessons_ask_students_to_mark(readings):
    opt_out = readings["02_opt_out_dispute"].text
    for statement in ("August 2010", "7 September 2010", "Washington Post", "a few days later", "Hennessey"):
        assert statement.lower() in opt_out.lower()
    assert "August 2011" in opt_out
    detainers = readings["03_detainer_law"].text
    for claim in ("48 hours", "Galarza", "Miranda-Olivares", "Cook County", "cost", "public safety"):
        assert claim in detainers


def test_an_unknown_reading_lists_the_readings():
    with pytest.raises(KeyError, match="readings exist for 01_program_mechanics"):
        corpus.reading("05_epilogue")


def test_readings_folder_has_exactly_the_lessons():
    assert sorted(p.stem for p in Path(corpus.READINGS_DIR).glob("*.md")) == [
        "01_program_mechanics",
        "02_opt_out_dispute",
        "03_detainer_law",
        "04_pep_transition",
    ]
