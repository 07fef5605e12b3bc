"""Source ingestion: the seeds, each markup, code-point offsets, stable ids, fuzzing, the readings."""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scomm.course import data
from scomm.sources import corpus, documents
from scomm.sources import ingest as _ingest_module
from scomm.sources.documents import Document
from scomm.sources.ingest import FORMATS, ingest

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


# -- each format ------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>Site</title><style>p { color: red }</style>
<script>document.write("<p>not text</p>")</script></head>
<body><a class="skip" href="#main">Skip to content</a>
<header><nav><ul><li>Home</li><li>News</li></ul></nav></header>
<div>Share this article</div>
<main><article><h1>Counties &amp; the program</h1>
<p>First   paragraph, with <b>bold</b>
and a line break.</p>
<ul><li>One item</li><li>Another item</li></ul>
<table><tr><th>Year</th><th>Count</th></tr><tr><td>2009</td><td>828,119</td></tr></table>
<p>Last paragraph.</p></article></main>
<aside>Related stories</aside><footer>Copyright</footer></body></html>"""


def test_html_keeps_the_article_and_drops_scripts_and_chrome():
    doc = ingest(PAGE, doc_id="page")
    assert doc.text.split("\n\n") == [
        "Counties & the program",
        "First paragraph, with bold and a line break.",
        "One item",
        "Another item",
        "Last paragraph.",
    ]
    assert doc.tables == ((("Year", "Count"), ("2009", "828,119")),)
    assert_consistent(doc)


def test_html_fragment_without_a_page_is_detected_and_parsed():
    assert _ingest_module.detect_format("<p>One</p><p>Two</p>") == "html"
    assert ingest("<div><p>One</p><p>Two &lt;b&gt;</p></div>", doc_id="f").text == "One\n\nTwo <b>"


def test_a_closing_fundraising_appeal_is_dropped_but_articles_about_donations_are_not():
    appeal = "Story.\n\nMore story.\n\nSupport our journalism\n\nIf you can, donate today.\n\nThanks."
    assert ingest(appeal, doc_id="a").text == "Story.\n\nMore story."
    about = "Campaign donations rose in 2010.\n\nDonors gave more."
    assert ingest(about, doc_id="b").text == about
    listing = "Story.\n\nOne item\n\nPlease donate if you can."
    assert ingest(listing, doc_id="c").text == "Story.\n\nOne item"


WIKI = """'''Secure Communities''' is an [[United States|American]] [[deportation]] program.<ref name="a">ICE plan, 2009.</ref>
{{Infobox program|name=x}}
==History==
It began in 2008.<ref>{{cite news |last=Carroll |first=Susan |title=Harris County testing |work=Houston Chronicle |date=October 28, 2008}}</ref> It grew.<ref name="a"/>
* First item
* Second [http://example.org item]

{|class="wikitable"
|+Caption<ref>[http://example.org/stats.pdf ICE statistics]</ref>
!Year!!Count
|-
|2009||828,119
|}
==See also==
==References==
{{reflist}}
[[Category:Immigration]]"""


def test_mediawiki_drops_templates_keeps_link_text_and_collects_references_and_tables():
    doc = ingest(WIKI, doc_id="w")
    assert doc.text.split("\n\n") == [
        "Secure Communities is an American deportation program.",
        "History",
        "It began in 2008. It grew.",
        "First item",
        "Second item",
    ]
    assert doc.references == (
        "ICE plan, 2009.",
        "Carroll, Susan. Harris County testing. Houston Chronicle. October 28, 2008.",
        "ICE statistics (http://example.org/stats.pdf)",
    )
    assert doc.tables == ((("Year", "Count"), ("2009", "828,119")),)
    assert_consistent(doc)


def test_format_detection_and_bad_arguments():
    assert _ingest_module.detect_format("x <ref>y</ref>") == "mediawiki"
    assert _ingest_module.detect_format("<html><body>{{ angular }}</body></html>") == "html"
    assert _ingest_module.detect_format("It's 'quoted', not markup.") == "text"
    with pytest.raises(ValueError, match="fmt must be one of 'auto', 'text', 'mediawiki', 'html'"):
        ingest("x", doc_id="x", fmt="pdf")
    with pytest.raises(ValueError, match="kind must be one of 'reading', 'source'"):
        ingest("x", doc_id="x", kind="article")


def test_plain_text_drops_a_leading_image_address_and_chrome_lines():
    raw = (
        "/cdn.example.com/uploads/image/1/photo.0.jpg)\nSkip to content Skip to footer\nHeadline\nBody text."
    )
    assert ingest(raw, doc_id="t").text == "Headline\n\nBody text."
    assert ingest("Skip to content, then read the rest.", doc_id="t").text.startswith("Skip to content")


def test_mojibake_and_marks_are_repaired_from_bytes():
    raw = 'The program.Â  nThe idea â€" a plan. nIn 2010 it grew. nAn office in town.'.encode()
    doc = ingest(raw, doc_id="m")
    assert doc.text == "The program.\n\nThe idea — a plan.\n\nIn 2010 it grew.\n\nAn office in town."
    assert ingest(b"caf\xe9 \x95 \x93x\x94", doc_id="m").text == "café • “x”"  # Windows-1252
    assert ingest(b"caf\xe9 \x81", doc_id="m").text == "caf\ufffd \ufffd"  # no encoding explains 0x81
    # in a copy with one paragraph a line, a mark starts a line and the other lines stay apart
    lines = ingest("One line. nThe mark.\nA second line.\nA third.", doc_id="m")
    assert lines.text == "One line.\n\nThe mark.\n\nA second line.\n\nA third."
    # a lone " n" before a lowercase word is left alone unless the copy shows the marks
    assert ingest("It is U.S. news. nothing more", doc_id="m").text == "It is U.S. news. nothing more"


def test_astral_characters_keep_code_point_offsets():
    doc = ingest("Emoji 😀 first.\n\n𝔘𝔫𝔦 second ✓ e\u0301.", doc_id="e")
    second = doc.paragraphs[1]
    assert second.start == len("Emoji 😀 first.") + 2 == 16  # 17 in UTF-16 (JavaScript)
    assert doc.text[second.start : second.end] == "𝔘𝔫𝔦 second ✓ é."  # combined by NFC
    assert doc.paragraph_at(6) == doc.paragraphs[0] and doc.text[6] == "😀"
    assert_consistent(doc)


def test_a_parser_failure_gives_an_empty_document_not_an_exception(monkeypatch):
    def broken(text):
        raise RecursionError("deeply nested markup")

    monkeypatch.setitem(_ingest_module.PARSERS, "text", broken)
    doc = ingest("Anything.", doc_id="x", title="T", source_id="s")
    assert (doc.text, doc.paragraphs, doc.title, doc.source_id) == ("", (), "T", "s")
    assert_consistent(doc)


# -- fuzzing ----------------------------------------------------------------------------------

FRAGMENTS = (
    "'''", "''", "[[", "]]", "|", "||", "!", "!!", "{{", "}}", "{|", "|}", "|-", "|+", "==", "===",
    "<ref>", "</ref>", "<ref name=a/>", "<ref name=\"b\">", "<references/>", "<!--", "-->", "__NOTOC__",
    "[[Category:X]]", "[[File:a.jpg|thumb|cap]]", "[http://x.org t]", "{{cite web|title=T|url=u}}",
    "* ", "# ", ": ", "; ", "\n", "\n\n", "\r\n", " ", "\t", "\xa0", "\u2028", "\x0c",
    "<html>", "<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<li>", "<table><tr><td>",
    "<nav>", "<article>", "&amp;", "&lt;", "&#x1F600;", "<br/>", "<",
    " n", " nThe", ". nover", "n\"", "â€\"", "â€™", "Â", "Ã©", "\ufffd",
    "😀", "𝔘", "e\u0301", "\u0301", "\u1100\u1161", "\ufeff", "\x00", "\x85", "\ud83d", "\ue000", "\ue001",
    "Skip to content", "donate", "you", "Help us", ".", "http://x.org/a.jpg)", "/cdn/x.png",
)  # fmt: skip
markup_mix = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=24).map("".join)
raw_inputs = st.one_of(st.text(max_size=120), markup_mix, st.binary(max_size=120))


@pytest.mark.slow
@settings(max_examples=1_500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=raw_inputs, fmt=st.sampled_from(FORMATS))
def test_fuzz_ingest_never_raises_and_is_always_consistent(raw, fmt):
    # The unguarded pipeline, so that a bug in any step fails here instead of being swallowed
    # by ingest's last-resort guard (whose fallback is tested above).
    doc = _ingest_module._ingest(raw, doc_id="fuzz", fmt=fmt, title="", source_id=None, kind="source")
    assert_consistent(doc)
    assert_consistent(ingest(raw, doc_id="fuzz", fmt=fmt))


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
