"""Each format a source comes in (HTML, MediaWiki, plain text) is cleaned to its article in code points,
and no input, fuzzed or broken, makes ingestion raise."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sources import assert_consistent

from scomm.sources import ingest as _ingest_module
from scomm.sources.ingest import FORMATS, ingest

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
