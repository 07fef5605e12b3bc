"""Annotations leave in standard forms and come back: the W3C model's JSON-LD, expanded offline without
losing a term, and CSV with formulas defused."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_annotations import MEMO, Doc, annotations, note

from scomm.annotation import interchange, records, w3c_context


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
