"""Importing W3C annotations other tools wrote: the suite's correct samples, Hypothesis' shape,
the expanded JSON-LD form; and the export's edges (timestamps, an empty export, a long CSV cell)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from pyld import jsonld

from scomm.annotation import interchange, records, w3c_context

from w3c_conformance import COLLECTION_MUSTS, MISSING, W3C, Suite, available, parse, sample_files

needs_w3c = pytest.mark.skipif(not available(), reason=MISSING)
#: A reading holding the passages the suite's samples quote (anno26, anno32 and collection1).
READING = SimpleNamespace(
    doc_id="w3c-reading",
    text="Intro. And this is an anotation that has some typos. Then the text before the Selected Text "
    "and text after it. The end.",
    sha256="1" * 64,
)
QUOTED = {"anotation", "Selected Text"}


def _samples() -> list[str]:
    return [path.name for path in sample_files("correct")] if available() else []


@needs_w3c
@pytest.mark.parametrize("name", _samples())
def test_every_correct_sample_is_imported_or_each_item_listed_with_its_reason(name: str) -> None:
    data = parse((W3C / "samples" / "correct" / name).read_text(encoding="utf-8"))
    if isinstance(data.get("first"), str):  # a collection whose pages are elsewhere: nothing is fetched
        with pytest.raises(records.AnnotationError, match="first must be an AnnotationPage embedded"):
            interchange.from_w3c(data, doc=READING)
        return
    loaded = interchange.from_w3c(data, doc=READING)
    kind = data.get("type")
    items = data["first"]["items"] if kind == "AnnotationCollection" else data.get("items", [data])
    assert len(loaded) + len(loaded.skipped) == len(items), "every item is read or listed"
    for ann in loaded:
        assert ann.exact in QUOTED and READING.text[ann.start : ann.end] == ann.exact
        assert ann.doc_id == "w3c-reading" and ann.anchor_status == "exact"
    for reason in loaded.skipped:
        assert "no target has a TextQuoteSelector" in reason or "is not in the reading" in reason


@needs_w3c
def test_the_quote_samples_get_positions_and_every_default_is_listed() -> None:
    (ann,) = interchange.from_w3c(parse((W3C / "samples/correct/anno26.json").read_text()), doc=READING)
    at = READING.text.index("anotation")
    assert (ann.start, ann.end) == (at, at + 9) and ann.prefix == READING.text[:at][-32:]
    assert ann.comment == "http://example.org/comment1" and ann.tag == "highlighting"
    collection = interchange.from_w3c(
        parse((W3C / "samples/correct/collection1.json").read_text()), doc=READING
    )
    assert sorted(a.exact for a in collection) == sorted(QUOTED) and len(collection.skipped) == 39
    notes = " | ".join(
        interchange.from_w3c(parse((W3C / "samples/correct/anno32.json").read_text()), doc=READING).defaulted
    )
    for default in ("id derived", "placed on the reading", "annotator unknown", "created unknown", "tag defaulted",
                    "role defaulted", "position computed", "link to another resource"):  # fmt: skip
        assert default in notes


def test_a_hypothesis_annotation_with_a_target_array_creator_iri_and_tags() -> None:
    doc = SimpleNamespace(
        doc_id="memo", text="In 2010 ICE said participation is “voluntary”.", sha256="2" * 64
    )
    item = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://hypothes.is/a/Xyz",
        "type": "Annotation",
        "creator": "acct:ana@hypothes.is",
        "created": "2011-03-01T09:30:00-05:00",
        "motivation": "commenting",
        "body": [
            {"type": "TextualBody", "value": "claim", "purpose": "tagging"},
            {"type": "TextualBody", "value": "Says who?"},
        ],
        "target": [
            {"source": "https://example.org/memo.pdf"},
            {
                "source": "https://example.org/memo",
                "selector": [
                    {"type": "RangeSelector"},
                    {"type": "TextPositionSelector", "start": 999, "end": 1000},
                    {
                        "type": "TextQuoteSelector",
                        "exact": "participation is “voluntary”",
                        "prefix": "ICE said ",
                    },
                ],
            },
        ],
    }
    (ann,) = loaded = interchange.from_w3c(item, doc=doc)
    assert (ann.start, ann.end, ann.tag, ann.comment) == (17, 45, "claim", "Says who?")
    assert ann.annotator == "acct:ana@hypothes.is" and ann.created == "2011-03-01T14:30:00+00:00"
    assert any("converted to UTC" in note for note in loaded.defaulted)
    assert interchange.from_w3c(item).skipped[0].endswith("pass the reading (doc=...) to find its quote in")
    away = SimpleNamespace(doc_id="other", text="Nothing like it.", sha256="3" * 64)
    assert "is not in the reading 'other'" in interchange.from_w3c(item, doc=away).skipped[0]


def _anns() -> list[records.Annotation]:
    doc = SimpleNamespace(
        doc_id="memo", text="ICE said participation is voluntary. Critics disagreed.", sha256="0" * 64
    )
    return [
        records.make_from_quote(
            doc, "participation is voluntary", annotator="s1", tag="claim", stance="voluntary"
        ),
        records.make_from_quote(doc, "Critics", annotator="t1", role="instructor", tag="actor", comment="x"),
    ]


def test_the_expanded_form_and_a_recompaction_keep_role_and_anchor_status() -> None:
    anns = [_anns()[0], records.Annotation(**{**_anns()[1].to_record(), "anchor_status": "reanchored"})]
    export = interchange.to_w3c(anns)
    expanded = w3c_context.expand(export)
    assert interchange.from_w3c(expanded) == anns
    w3c_only = jsonld.compact(
        expanded, {"@context": w3c_context.ANNO_CONTEXT}, {"documentLoader": w3c_context.jsonld_loader()}
    )
    assert "urn:scomm:vocab#role" in json.dumps(w3c_only), "the processor wrote our terms as IRIs"
    back = interchange.from_w3c(w3c_only)
    assert back == anns and [a.role for a in back] == ["student", "instructor"] and back.defaulted == []


def test_the_export_writes_utc_times_with_z_and_reads_them_back() -> None:
    anns = _anns()
    items = interchange.to_w3c(anns)["first"]["items"]
    assert all(item["created"].endswith("Z") and "+00:00" not in item["created"] for item in items)
    assert interchange.from_w3c(interchange.to_w3c(anns)) == anns


def test_an_empty_export_says_it_is_empty_and_reads_back_as_nothing() -> None:
    empty = interchange.to_w3c([])
    assert empty["total"] == 0 and empty["label"] == interchange.EMPTY_LABEL and "first" not in empty
    assert interchange.from_w3c(empty) == []
    if available():
        assert Suite().run(COLLECTION_MUSTS, parse(json.dumps(empty))) == []


def test_from_csv_names_the_file_and_row_of_a_cell_too_long_to_read(tmp_path: Path) -> None:
    path = interchange.to_csv(_anns(), tmp_path / "a.csv")
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text + '"' + "x" * 200_000 + '"' + ",y" * 14 + "\r\n", encoding="utf-8")
    with pytest.raises(
        records.AnnotationError, match=r"a\.csv, row 4: the CSV cannot be read \(field larger"
    ):
        interchange.from_csv(path)


def test_from_csv_refuses_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(",".join(records.FIELDS).encode() + b"\r\n\xff\xfe")
    with pytest.raises(records.AnnotationError, match="is not UTF-8 text"):
        interchange.from_csv(path)
