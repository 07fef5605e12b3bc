"""Annotations point at the right characters, survive re-opening and edits, and leave in standard forms."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import strategies as st

from scomm.annotation import interchange, records, store
from scomm.exercises import responses

MEMO = (
    "Secure Communities began in 2008. ICE told counties that participation is voluntary. "
    "Later memos said participation is mandatory for all counties by 2013. "
    "Sheriffs asked whether they could opt out; ICE said no."
)


@dataclass(frozen=True)
class Doc:
    """A stand-in for scomm.sources.Document: only what annotations use."""

    doc_id: str
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def note(doc: Doc, quote: str, *, occurrence: int = 1, tag: str = "claim", **options) -> records.Annotation:
    return records.make_from_quote(doc, quote, occurrence=occurrence, annotator="s1", tag=tag, **options)


# -- offsets --------------------------------------------------------------------------------------


def test_offsets_count_code_points_around_emoji_and_html_like_text() -> None:
    doc = Doc("d", "🇺🇸 <b>ICE</b> &amp; 👮🏽 said: voluntary")
    ann = note(doc, "said", tag="actor")
    assert (ann.start, ann.end) == (23, 27)  # flag = 2 code points, police officer + skin tone = 2
    assert doc.text[ann.start : ann.end] == ann.exact == "said"
    assert ann.prefix == "🇺🇸 <b>ICE</b> &amp; 👮🏽 " and ann.suffix == ": voluntary"
    assert len(doc.text[: ann.start].encode("utf-16-le")) // 2 == 27, "UTF-16 (JavaScript) offsets differ"
    tag = note(doc, "<b>ICE</b>")
    assert (tag.start, tag.end, tag.exact) == (3, 13, "<b>ICE</b>")
    assert note(doc, "&amp;").exact == "&amp;"  # entities are text here, five characters


def test_context_is_at_most_context_characters_and_shorter_at_the_edges() -> None:
    doc = Doc("d", "x" * 100)
    middle = records.make(doc, 40, 50, annotator="s1", tag="claim")
    assert len(middle.prefix) == len(middle.suffix) == records.CONTEXT
    edge = records.make(doc, 0, 100, annotator="s1", tag="claim")
    assert edge.prefix == edge.suffix == "" and edge.anchor_status == "exact"


def test_quote_finds_the_requested_occurrence_and_tolerates_spacing() -> None:
    doc = Doc("d", MEMO)
    first, second = note(doc, "participation is"), note(doc, "participation is", occurrence=2)
    assert MEMO.index("participation is") == first.start < second.start == MEMO.rindex("participation is")
    assert note(doc, "opt\n  out;").exact == "opt out;"
    decomposed = Doc("d", "Le préfet a dit non.")
    assert note(decomposed, "pre\u0301fet").exact == "préfet"  # typed in NFD, found in NFC


# -- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "options", "message"),
    [
        (-1, 3, {}, "start must be a whole number from 0"),
        (5, 5, {}, "end must be a whole number from 6"),
        (0, 999, {}, "end must be a whole number from 1 to"),
        (True, 3, {}, "start must be"),
        (0, 3.0, {}, "end must be"),
        (
            0,
            3,
            {"tag": "villain"},
            "tag must be one of claim, evidence, actor, date, but 'villain' was given.",
        ),
        (0, 3, {"stance": "optional"}, "stance must be None or one of voluntary, mandatory, ambiguous"),
        (0, 3, {"role": "admin"}, "role must be one of student, instructor"),
        (0, 3, {"comment": "x" * 2001}, "comment must be at most 2,000 characters, but '<2,001 characters>'"),
        (0, 3, {"annotator": ""}, "annotator must be a non-empty string"),
    ],
)
def test_make_refuses_bad_input_with_one_sentence(start, end, options, message) -> None:
    doc = Doc("d", MEMO)
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        records.make(doc, start, end, **{"annotator": "s1", "tag": "claim", **options})


def test_make_accepts_a_course_specific_tag_list() -> None:
    ann = records.make(Doc("d", MEMO), 0, 6, annotator="t", role="instructor", tag="policy", tags=("policy",))
    assert ann.tag == "policy" and ann.role == "instructor"


def test_missing_quote_and_bad_occurrence_are_named() -> None:
    doc = Doc("memo", MEMO)
    with pytest.raises(ValueError, match=r"The quote 'abolished' does not appear in document 'memo'"):
        note(doc, "abolished")
    with pytest.raises(ValueError, match=r"occurrence must be from 1 to 2"):
        note(doc, "participation is", occurrence=3)
    with pytest.raises(ValueError, match="does not appear"):
        note(doc, "   ")
    with pytest.raises(ValueError, match="quote must be a string"):
        note(doc, None)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("start", "3", "start must be a whole number"),
        ("end", 2, "end must be a whole number greater than start"),
        ("exact", "toolong" * 10, "exact must be"),
        ("id", "an:1", "id must be 1-64 of"),
        ("doc_sha256", "ABC", "doc_sha256 must be 64 lowercase hexadecimal digits"),
        ("created", "2026-11-22T10:00:00", "created must be an ISO 8601 time in UTC"),
        ("created", "2026-11-22T10:00:00+01:00", "created must be an ISO 8601 time in UTC"),
        ("created", "yesterday", "created must be an ISO 8601 time in UTC"),
        ("created", 5, "created must be an ISO 8601 UTC time string"),
        ("prefix", "p" * 33, "prefix must be at most 32 characters"),
        ("tag", "", "tag must be a non-empty string"),
        ("tag", "t" * 10_000, "tag must be at most 64 characters"),
        ("comment", None, "comment must be a string"),
        ("anchor_status", "lost", "anchor_status must be one of exact, reanchored, orphan"),
    ],
)
def test_from_record_names_the_malformed_field(field, value, message) -> None:
    record = note(Doc("d", MEMO), "voluntary").to_record()
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        records.Annotation.from_record({**record, field: value})


def test_from_record_names_a_missing_field_and_refuses_non_records() -> None:
    record = note(Doc("d", MEMO), "voluntary").to_record()
    del record["tag"]
    with pytest.raises(ValueError, match="lacks the field 'tag'"):
        records.Annotation.from_record(record)
    with pytest.raises(ValueError, match="record must be a dict"):
        records.Annotation.from_record(["not", "a", "record"])


def test_hostile_comments_and_tags_are_kept_verbatim_as_data() -> None:
    doc = Doc("d", MEMO)
    comment = '<script>alert("x")</script> <a href="javascript:alert(1)">see</a> =HYPERLINK("x")'
    ann = note(doc, "ICE", tag="<img onerror=x>", tags=("<img onerror=x>",), comment=comment)
    again = records.Annotation.from_record(json.loads(json.dumps(ann.to_record())))
    assert again.comment == comment and again.tag == "<img onerror=x>"
    assert interchange.from_w3c(interchange.to_w3c([ann])) == [ann]


# -- storage --------------------------------------------------------------------------------------


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> responses.Log:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    return responses.Log("s1", "03_close_reading")


def test_two_annotations_are_restored_after_reopening(log: responses.Log, tmp_path: Path) -> None:
    doc = Doc("memo", MEMO)
    later, earlier = note(doc, "mandatory", stance="mandatory"), note(doc, "voluntary", stance="voluntary")
    store.save(later, log)
    store.save(earlier, log)
    store.save(note(Doc("other", MEMO), "ICE"), log)  # another document: not loaded with this one
    log.record("l3-ident", "IDENT")  # an ordinary answer in the same log
    reopened = store.load(responses.Log("s1", "03_close_reading"), "memo")
    assert reopened == [earlier, later] and reopened.skipped == []
    assert log.path.is_relative_to(tmp_path) and log.path.exists()  # it really went to $SCOMM_RESPONSES


def test_saving_again_replaces_and_delete_removes(log: responses.Log) -> None:
    doc = Doc("memo", MEMO)
    first, second = note(doc, "voluntary"), note(doc, "2013", tag="date")
    store.save(first, log)
    store.save(second, log)
    edited = replace(first, comment="ICE's own word")
    store.save(edited, log)
    assert store.load(log, "memo") == [edited, second]
    store.delete(first.id, "memo", log)
    assert store.load(log, "memo") == [second]
    store.save(first, log)  # undo the delete
    assert store.load(log, "memo") == [first, second]
    with pytest.raises(ValueError, match="ann_id must be an annotation id"):
        store.delete("../../etc", "memo", log)


def test_doc_ids_that_share_a_prefix_or_hold_colons_stay_apart(log: responses.Log) -> None:
    a, b = note(Doc("a", MEMO), "ICE"), note(Doc("a:b", MEMO), "ICE")
    store.save(a, log)
    store.save(b, log)
    store.delete(b.id, "a:b", log)
    assert store.load(log, "a") == [a] and store.load(log, "a:b") == []


def test_malformed_records_are_skipped_and_counted(log: responses.Log) -> None:
    good = note(Doc("memo", MEMO), "ICE")
    store.save(good, log)
    log.record("annotation:memo:an-bad", {**good.to_record(), "id": "an-bad", "start": -4})
    log.record("annotation:memo:an-stolen", good.to_record())  # a record under someone else's key
    loaded = store.load(log, "memo")
    assert loaded == [good] and len(loaded.skipped) == 2
    assert "annotation:memo:an-bad: start must be" in loaded.skipped[0]


# -- any annotation survives every format ---------------------------------------------------------


def test_a_long_missing_quote_is_echoed_only_as_its_start() -> None:
    with pytest.raises(ValueError, match="does not appear") as raised:
        note(Doc("memo", MEMO), "z" * 500)
    assert "z" * 40 + "…" in str(raised.value) and "z" * 41 not in str(raised.value)


unicode_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=120)


#: What a person may type into a name or comment: no control characters (the kit refuses them).
typed = st.characters(blacklist_categories=("Cs", "Cc", "Cf"))


@st.composite
def annotations(draw: st.DrawFn) -> records.Annotation:
    text = draw(unicode_text | st.text(alphabet="a😀𝔸<>&;\n ", min_size=1))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    doc = Doc(draw(st.text(typed, min_size=1, max_size=20).filter(str.strip)), text)
    ann = records.make(
        doc,
        start,
        end,
        annotator=draw(st.text(typed, min_size=1, max_size=30)),
        role=draw(st.sampled_from(records.ROLES)),
        tag=draw(st.sampled_from(records.TAGS)),
        stance=draw(st.none() | st.sampled_from(records.STANCES)),
        comment=draw(st.text(typed | st.sampled_from("\t\r\n"), max_size=200)),
    )
    return replace(ann, anchor_status=draw(st.sampled_from(records.STATUSES)))
