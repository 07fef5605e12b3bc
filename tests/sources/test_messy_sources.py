"""Sources as instructors have them: other encodings, pages without landmarks, inline templates,
curly quotes, and the inputs that made the kit's patterns backtrack for minutes."""

from __future__ import annotations

import pytest

from limits import at_most
from scomm.annotation import records
from scomm.sources import cleanup, webpage
from scomm.sources.ingest import ingest

# -- no pattern that backtracks catastrophically ----------------------------------------------------


def test_a_page_opening_with_a_long_utility_menu_is_read_at_once() -> None:
    menu = "  ".join(f'<a href="/{n}">{word}</a>' for n, word in enumerate(["Search", "Menu", "Sign in"] * 8))
    page = f"<html><body><div>{menu}  <a href='/'>Home</a></div><p>The county voted.</p></body></html>"
    with at_most(10, "a page with a 24-link menu"):  # before: over 100 s (the menu alone: 4 s at 12 links)
        doc = ingest(page, doc_id="menu")
    assert "The county voted." in doc.text


def test_a_long_chrome_like_line_is_judged_at_once() -> None:
    line = "  ".join(["Search"] * 5_000) + "  Home"
    with at_most(5, "is_chrome on 5,000 phrases"):
        assert not cleanup.is_chrome(line)
        assert cleanup.is_chrome("Skip to content | Search | Sign in")


@pytest.mark.parametrize(
    "raw",
    [
        "Start." + " n" * 50_000 + " x. nThe end.",  # a run of marks that fails at its end
        "Start." + "  n" * 30_000 + "\nmore",
        "/uploads/" * 20_000 + " x\nText.",  # a long token that is almost an image address
        "policy. n" * 30_000,
    ],
    ids=["marks", "spaced-marks", "image-token", "repeated-marks"],
)
def test_long_runs_of_paragraph_marks_and_tokens_are_read_at_once(raw: str) -> None:
    with at_most(10, "ingesting a long run"):  # the first: 131 s before, at 20,000 marks
        doc = ingest(raw, doc_id="runs", fmt="text")
    assert doc.text


# -- encodings --------------------------------------------------------------------------------------

TEXT = (
    "Secure Communities\n\n• “Voluntary,” ICE said — at first.\n\nCafé owners in Doña Ana County disagreed."
)


@pytest.mark.parametrize(
    "raw",
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("cp1252"),
        TEXT.replace("\n", "\r\n").encode("cp1252"),
        TEXT.replace("\n", "\r").encode("utf-8"),
        TEXT.encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252", "windows-1252-crlf", "mac-cr", "utf-16-bom"],
)
def test_every_encoding_and_line_end_reads_as_the_same_text(raw: bytes) -> None:
    doc = ingest(raw, doc_id="enc", fmt="text")
    assert doc.text == TEXT and "\ufffd" not in doc.text
    assert len(doc.paragraphs) == 3


# -- pages without landmarks ------------------------------------------------------------------------

ARTICLE = [
    "County commissioners voted on Wednesday to stop holding people in the jail only because "
    "federal immigration officials asked them to.",
    "The ordinance applies to detainer requests issued under the Secure Communities program, which "
    "checks the fingerprints of everyone booked into jail against immigration databases.",
    "Supporters said holding people past their release dates costs the county money and keeps "
    "immigrants from reporting crimes to the police.",
    "Opponents argued that the county put residents at risk by releasing people whom federal "
    "authorities wanted to question about their immigration status.",
    "Federal officials said the program focuses on people convicted of serious crimes; critics "
    "pointed to figures showing many of those deported had no criminal record.",
    "The sheriff's office said it would follow the new rules next week and keep a record of every "
    "request it declined.",
]
FURNITURE = {
    "cookie": "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    "menu": "Home | News | Sports | Business | Opinion | Weather",
    "most read": "Snow expected this weekend across the region",
    "appeal": "Independent journalism needs your support. Please donate today to keep local news alive.",
    "copyright": "Copyright 2011 The Daily. All rights reserved.",
}
OLD_PAGE = f"""<html><head><title>The Daily</title></head><body>
<div id="c">{FURNITURE["cookie"]} <a href="#">Accept</a></div>
<table width="100%"><tr><td>{" | ".join(f'<a href="/{w}">{w}</a>' for w in FURNITURE["menu"].split(" | "))}</td></tr></table>
<table><tr><td width="70%"><div class="byline">By A. Reporter</div>
{"".join(f"<p>{p}</p>" for p in ARTICLE)}
</td><td><div><b>Most read</b><ul><li><a href="/a">Bears win in overtime</a></li>
<li><a href="/b">{FURNITURE["most read"]}</a></li></ul></div></td></tr></table>
<div><p>{FURNITURE["appeal"]}</p></div>
<div>{FURNITURE["copyright"]} <a href="/privacy">Privacy policy</a></div></body></html>"""


def test_a_page_without_landmarks_keeps_its_article_and_loses_its_furniture() -> None:
    doc = ingest(OLD_PAGE, doc_id="old")
    assert doc.text.split("\n\n") == ARTICLE
    for name, text in FURNITURE.items():
        assert text.split(".")[0] not in doc.text, name


def test_a_page_the_extractor_finds_nothing_in_falls_back_to_the_kits_rules() -> None:
    page = "<nav>Menu</nav><ul><li>One</li><li>Two</li></ul>"
    assert webpage.main_blocks(page, ["One", "Two"]) is None
    assert ingest(page, doc_id="f", fmt="html").text == "One\n\nTwo"


# -- MediaWiki inline templates ---------------------------------------------------------------------

WIKI = """'''Secure Communities''' began on {{nowrap|October 27, 2008}} in {{lang|es|Condado de Harris}}{{ndash}}a county.<ref>{{cite news |last=Carroll |title=Harris County testing |date={{nowrap|October 28, 2008}}}}</ref>
{{Infobox program|name=hidden}}"""


def test_inline_templates_keep_their_words_in_text_and_citations() -> None:
    doc = ingest(WIKI, doc_id="w")
    assert doc.text == "Secure Communities began on October 27, 2008 in Condado de Harris–a county."
    assert doc.references == ("Carroll. Harris County testing. October 28, 2008.",)
    assert "hidden" not in doc.text


# -- typography -------------------------------------------------------------------------------------


def test_curly_quotes_are_kept_and_a_pasted_quote_matches_either_kind() -> None:
    doc = ingest("ICE called the program “voluntary” and said it’s ‘not an opt-out’.", doc_id="t")
    assert "“voluntary”" in doc.text and "it’s ‘not an opt-out’" in doc.text
    for typed in ('"voluntary"', "“voluntary”", "it's 'not an opt-out'"):
        ann = records.make_from_quote(doc, typed, annotator="s1", tag="claim")
        assert ann.exact in ("“voluntary”", "it’s ‘not an opt-out’"), "the source's own characters"
    assert records.find_quote(doc.text, "voluntary'") == [], "a double quote does not match a single one"
