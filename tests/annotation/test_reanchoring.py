"""An annotation keeps its place when its document changes: it stays, moves with an edit, is found by
similarity, or becomes an orphan that keeps its offsets."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_annotations import MEMO, Doc, annotations, note, unicode_text

from scomm.annotation import anchoring, records


def test_unchanged_document_keeps_the_annotation_as_it_is() -> None:
    doc = Doc("memo", MEMO)
    ann = note(doc, "participation is voluntary")
    assert anchoring.reanchor(ann, doc) is ann
    assert anchoring.reanchor(replace(ann, anchor_status="orphan"), doc) == ann


def test_edit_after_the_span_keeps_the_position() -> None:
    ann = note(Doc("memo", MEMO), "participation is voluntary")
    edited = Doc("memo", MEMO.replace("ICE said no.", "ICE said no, twice."))
    moved = anchoring.reanchor(ann, edited)
    assert (moved.start, moved.end, moved.anchor_status) == (ann.start, ann.end, "reanchored")
    assert moved.doc_sha256 == edited.sha256 != ann.doc_sha256


@pytest.mark.parametrize(
    ("edit", "shift"),
    [
        (lambda t: "Background: " + t, 12),
        (lambda t: t.replace("began in 2008. ", ""), -15),
        (lambda t: t.replace("ICE told", "In 2009 ICE told"), 8),  # right against the prefix
    ],
    ids=["insertion-before", "deletion-before", "insertion-in-prefix"],
)
def test_edits_before_the_span_move_it(edit, shift) -> None:
    ann = note(Doc("memo", MEMO), "participation is voluntary")
    edited = Doc("memo", edit(MEMO))
    moved = anchoring.reanchor(ann, edited)
    assert moved.anchor_status == "reanchored"
    assert (moved.start, moved.end) == (ann.start + shift, ann.end + shift)
    assert edited.text[moved.start : moved.end] == moved.exact == ann.exact
    assert (moved.prefix, moved.suffix) == records.context_of(edited.text, moved.start, moved.end)


def test_slightly_reworded_span_is_found_by_similarity() -> None:
    ann = note(Doc("memo", MEMO), "participation is mandatory for all counties")
    edited = Doc("memo", "Note. " + MEMO.replace("participation is mandatory", "participation was mandatory"))
    moved = anchoring.reanchor(ann, edited)
    assert moved.anchor_status == "reanchored"
    assert moved.exact == "participation was mandatory for all counties"
    assert edited.text[moved.start : moved.end] == moved.exact


def test_deleted_span_is_an_orphan_that_keeps_its_offsets() -> None:
    ann = note(Doc("memo", MEMO), "Later memos said participation is mandatory for all counties by 2013. ")
    edited = Doc("memo", MEMO.replace(ann.exact, ""))
    lost = anchoring.reanchor(ann, edited)
    assert lost == replace(ann, anchor_status="orphan")
    assert anchoring.reanchor(lost, Doc("memo", MEMO)) == ann, "it comes back if the text does"


def test_short_span_whose_sentence_was_deleted_does_not_jump_to_another_mention() -> None:
    ann = note(Doc("memo", MEMO), "ICE", occurrence=2)  # "ICE said no."
    edited = Doc("memo", MEMO.replace(" Sheriffs asked whether they could opt out; ICE said no.", ""))
    assert "ICE" in edited.text
    assert anchoring.reanchor(ann, edited).anchor_status == "orphan"


def test_duplicate_quotes_are_told_apart_by_context_not_distance() -> None:
    text = "A: the cat sat on the mat. B: the cat ran off."
    ann = note(Doc("d", text), "the cat")  # the A cat, at 3
    swapped = Doc("d", "B: the cat ran off. A: the cat sat on the mat.")
    moved = anchoring.reanchor(ann, swapped)
    assert (moved.start, moved.anchor_status) == (23, "reanchored")  # not the B cat at 3
    second = note(Doc("d", text), "the cat", occurrence=2)
    assert anchoring.reanchor(second, Doc("d", "Intro. " + text)).start == second.start + 7


def test_reanchoring_around_emoji_and_html_like_text() -> None:
    text = "<p>ICE 👮 said &amp; wrote: participation is voluntary 🇺🇸</p>"
    ann = note(Doc("d", text), "participation is voluntary")
    edited = Doc("d", "<h1>📄 Memo</h1>" + text.replace("&amp;", "&"))
    moved = anchoring.reanchor(ann, edited)
    assert moved.anchor_status == "reanchored" and edited.text[moved.start : moved.end] == ann.exact
    assert moved.start == ann.start + len("<h1>📄 Memo</h1>") - len("amp;")
    reworded = Doc("d", text.replace("is voluntary", "is voluntary 🙂"))
    fuzzy = anchoring.reanchor(ann, reworded)
    assert fuzzy.anchor_status == "reanchored" and fuzzy.start == ann.start


def test_span_replaced_by_different_words_in_the_same_place_is_an_orphan() -> None:
    ann = note(Doc("memo", MEMO), "2013", tag="date")
    assert anchoring.reanchor(ann, Doc("memo", MEMO.replace("2013", "soon"))).anchor_status == "orphan"


def test_reanchoring_an_empty_document_orphans() -> None:
    ann = note(Doc("memo", MEMO), "voluntary")
    assert anchoring.reanchor(ann, Doc("memo", "")).anchor_status == "orphan"


@settings(max_examples=150, deadline=None)
@given(annotations(), st.data())
def test_reanchored_annotations_always_point_at_their_own_text(
    ann: records.Annotation, data: st.DataObject
) -> None:
    text = ann.prefix + ann.exact + ann.suffix  # the part of the document we know
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(at, min(len(text), at + 5)))
    edited = Doc(ann.doc_id, text[:at] + data.draw(unicode_text) + text[cut:])
    moved = anchoring.reanchor(
        replace(ann, start=len(ann.prefix), end=len(ann.prefix) + len(ann.exact)), edited
    )
    if moved.anchor_status == "orphan":
        assert moved.doc_sha256 == ann.doc_sha256
    else:
        assert edited.text[moved.start : moved.end] == moved.exact and moved.doc_sha256 == edited.sha256
        assert (moved.prefix, moved.suffix) == records.context_of(edited.text, moved.start, moved.end)
