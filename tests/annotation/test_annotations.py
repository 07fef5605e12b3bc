"""Annotations point at the right characters, survive re-opening and edits, and leave in standard forms."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scomm.annotation import anchoring, interchange, records, store, w3c_context
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


# -- re-anchoring ---------------------------------------------------------------------------------


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


# -- W3C Web Annotation ---------------------------------------------------------------------------


def three() -> list[records.Annotation]:
    doc = Doc("memo/2009 v2", MEMO)
    return [
        note(doc, "ICE", tag="actor"),
        note(doc, "participation is voluntary", stance="voluntary", comment="Compare with 2013."),
        replace(note(doc, "2013", tag="date", comment="=SUM(A1)"), role="instructor", anchor_status="orphan"),
    ]


def test_w3c_export_follows_the_model() -> None:
    anns = three()
    out = json.loads(json.dumps(interchange.to_w3c(anns)))
    assert out["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert out["type"] == "AnnotationCollection" and out["total"] == 3
    item = out["first"]["items"][1]
    assert out["first"]["type"] == "AnnotationPage"
    assert item["id"] == f"urn:scomm:annotation:{anns[1].id}" and item["type"] == "Annotation"
    assert item["creator"] == {"type": "Person", "nickname": "s1", "role": "student"}
    assert item["motivation"] == ["tagging", "classifying", "commenting"]
    assert [(b["purpose"], b["value"]) for b in item["body"]] == [
        ("tagging", "claim"),
        ("classifying", "voluntary"),
        ("commenting", "Compare with 2013."),
    ]
    assert all(b["type"] == "TextualBody" and b["format"] == "text/plain" for b in item["body"])
    assert out["first"]["items"][0]["motivation"] == "tagging"
    target = item["target"]
    assert target["source"] == f"urn:scomm:doc:memo%2F2009%20v2#sha256={anns[1].doc_sha256}"
    quote, position = target["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": anns[1].exact, "prefix": anns[1].prefix,
                     "suffix": anns[1].suffix}  # fmt: skip
    assert position == {"type": "TextPositionSelector", "start": anns[1].start, "end": anns[1].end}


def test_w3c_round_trip_keeps_every_field() -> None:
    anns = three()
    assert interchange.from_w3c(json.loads(json.dumps(interchange.to_w3c(anns)))) == anns
    # Another base: read as another tool's annotations, each default listed, the fields the same.
    foreign = interchange.from_w3c(interchange.to_w3c(anns, base="https://example.org/"))
    assert [(a.exact, a.start, a.tag, a.comment) for a in foreign] == [
        (a.exact, a.start, a.tag, a.comment) for a in anns
    ]
    assert all(a.id.startswith("w3c-") and a.doc_id.startswith("https://example.org/doc:") for a in foreign)
    assert sum("id derived from" in note for note in foreign.defaulted) == 3
    assert (
        interchange.from_w3c(
            interchange.to_w3c(anns, base="https://example.org/"), base="https://example.org/"
        )
        == anns
    )
    assert interchange.from_w3c(interchange.to_w3c([])) == []


def test_w3c_import_tolerates_single_objects_and_reports_malformed_items() -> None:
    ann = three()[0]
    item = interchange.to_w3c([ann])["first"]["items"][0]
    single = {
        **item,
        "body": item["body"][0],
        "target": {**item["target"], "selector": item["target"]["selector"][::-1]},
    }
    del single["body"]["purpose"]  # one motivation, one body: the body serves it
    del single["anchorStatus"], single["creator"]["role"]
    assert interchange.from_w3c(single) == [ann]
    page = {"type": "AnnotationPage", "items": [item, {"type": "Annotation"}, "junk", {**item, "body": []}]}
    loaded = interchange.from_w3c(page)
    assert loaded == [ann] and len(loaded.skipped) == 3
    assert "item 2" in loaded.skipped[0] and "no target has a TextQuoteSelector" in loaded.skipped[0]
    assert "item 4 urn:scomm:annotation:" in loaded.skipped[2] and "purpose 'tagging'" in loaded.skipped[2]
    no_body = {key: value for key, value in item.items() if key != "body"}
    assert "purpose 'tagging'" in interchange.from_w3c(no_body).skipped[0]
    no_sha = {**item, "target": {**item["target"], "source": "urn:scomm:doc:memo"}}
    assert "doc_sha256 must be" in interchange.from_w3c([no_sha]).skipped[0]
    with pytest.raises(ValueError, match="first must be an AnnotationPage embedded"):
        interchange.from_w3c({"type": "AnnotationCollection", "first": "urn:page:1"})


def keys_of(node: object) -> set[str]:
    """Every object key anywhere in a JSON tree, but not inside the ``@context``."""
    if isinstance(node, dict):
        node = {key: value for key, value in node.items() if key != "@context"}
        return set(node) | {key for value in node.values() for key in keys_of(value)}
    if isinstance(node, list):
        return {key for value in node for key in keys_of(value)}
    return set()


def term_iris() -> dict[str, str]:
    """Each term of our contexts as the IRI (or keyword) it stands for."""
    path = Path(records.__file__).parent / "static" / "anno_context.jsonld"
    terms = {**json.loads(path.read_text())["@context"], **w3c_context.EXTENSION_CONTEXT}
    iris = {}
    for term, definition in terms.items():
        iri = definition["@id"] if isinstance(definition, dict) else definition
        prefix, _, rest = iri.partition(":")
        iris[term] = terms[prefix] + rest if prefix in terms and not rest.startswith("//") else iri
    return iris


def test_expansion_drops_no_term() -> None:
    compact = interchange.to_w3c(three())
    expanded = w3c_context.expand(compact)
    iris, found = term_iris(), keys_of(expanded)
    used = keys_of(compact)
    assert used >= {"exact", "prefix", "suffix", "start", "end", "value", "purpose", "format", "nickname",
                    "creator", "created", "motivation", "body", "target", "source", "selector", "items",
                    "first", "total", "role", "anchorStatus", "id", "type"}  # fmt: skip
    assert {term: iris[term] for term in used if iris[term] not in found} == {}
    assert json.dumps(expanded).count('"http://www.w3.org/ns/oa#hasBody"') == 3


def test_expanded_terms_have_the_specifications_iris() -> None:
    iris = term_iris()
    assert iris["exact"] == "http://www.w3.org/ns/oa#exact"
    assert iris["created"] == "http://purl.org/dc/terms/created"
    assert iris["body"] == "http://www.w3.org/ns/oa#hasBody"
    assert iris["nickname"] == "http://xmlns.com/foaf/0.1/nick"
    assert iris["items"] == "http://www.w3.org/ns/activitystreams#items"
    assert iris["value"] == "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
    text = json.dumps(w3c_context.expand(interchange.to_w3c(three())))
    for iri in ("http://www.w3.org/ns/oa#Annotation", "http://www.w3.org/ns/activitystreams#OrderedCollection",
                "http://www.w3.org/ns/oa#TextQuoteSelector", "http://www.w3.org/ns/oa#commenting",
                "http://xmlns.com/foaf/0.1/Person", "http://purl.org/dc/elements/1.1/format"):  # fmt: skip
        assert iri in text


def test_expanding_invalid_json_ld_says_so() -> None:
    from pyld.jsonld import JsonLdError

    with pytest.raises(JsonLdError, match="Invalid JSON-LD syntax"):
        w3c_context.expand({"@context": 5, "name": "x"})


def test_loader_is_offline_and_serves_only_the_annotation_context() -> None:
    load = w3c_context.jsonld_loader()
    assert "TextQuoteSelector" in load("http://www.w3.org/ns/anno.jsonld")["document"]["@context"]
    with pytest.raises(ValueError, match="not available offline"):
        load("https://example.org/evil.jsonld")
    with pytest.raises(ValueError, match=r"'https://example\.org/evil\.jsonld' is not available offline"):
        w3c_context.expand({"@context": "https://example.org/evil.jsonld", "name": "x"})


# -- CSV ------------------------------------------------------------------------------------------


def test_csv_round_trip_defuses_formulas(tmp_path: Path) -> None:
    anns = three()
    anns[0] = replace(anns[0], comment="'quoted already", annotator="@admin")
    anns[1] = replace(anns[1], comment='-1+1 and "quotes", commas\nand lines')
    path = interchange.to_csv(anns, tmp_path / "notes.csv")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[2]["comment"] == "'=SUM(A1)" and rows[0]["annotator"] == "'@admin"
    assert rows[1]["comment"].startswith("'-1+1") and rows[0]["comment"] == "''quoted already"
    assert list(rows[0]) == list(records.FIELDS) and rows[0]["stance"] == ""
    assert interchange.from_csv(path) == anns


def test_csv_reports_bad_rows_and_refuses_foreign_files(tmp_path: Path) -> None:
    path = interchange.to_csv(three(), tmp_path / "notes.csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\n".join([*lines, lines[1].replace(",actor,", ",,")]) + "\n", encoding="utf-8")
    loaded = interchange.from_csv(path)
    assert len(loaded) == 3 and loaded.skipped == ["row 5: tag must be a non-empty string, but '' was given."]
    other = tmp_path / "other.csv"
    other.write_text("name,score\nx,1\n")
    with pytest.raises(ValueError, match="lacks the columns id, doc_id"):
        interchange.from_csv(other)


# -- any annotation survives every format ---------------------------------------------------------

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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(annotations(), max_size=4))
def test_any_annotation_round_trips(anns: list[records.Annotation]) -> None:
    for ann in anns:
        assert records.Annotation.from_record(json.loads(json.dumps(ann.to_record()))) == ann
    assert interchange.from_w3c(json.loads(json.dumps(interchange.to_w3c(anns)))) == anns


@settings(max_examples=60, deadline=None)
@given(st.lists(annotations(), max_size=3))
def test_any_annotation_round_trips_through_csv(tmp_path_factory: pytest.TempPathFactory, anns) -> None:
    path = tmp_path_factory.mktemp("csv") / "a.csv"
    assert interchange.from_csv(interchange.to_csv(anns, path)) == anns


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


def test_a_long_missing_quote_is_echoed_only_as_its_start() -> None:
    with pytest.raises(ValueError, match="does not appear") as raised:
        note(Doc("memo", MEMO), "z" * 500)
    assert "z" * 40 + "…" in str(raised.value) and "z" * 41 not in str(raised.value)
