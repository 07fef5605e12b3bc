"""Where annotations are kept: each student's answer log, and the instructor's key file.

- **The student's answer log** (``scomm.exercises.responses``): ``save`` appends one record per
  annotation under ``annotation:<doc_id>:<id>``; ``delete`` appends ``None`` for that key;
  ``load`` reads the latest record per key. Nothing is rewritten, so re-opening a notebook
  restores every annotation a student made.
- **The key** (``keys/annotations/<lesson>.toml``): each passage found in the reading by its quote.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from scomm.annotation.records import (
    ID_PATTERN,
    TAGS,
    Annotation,
    AnnotationError,
    Loaded,
    check_field,
    make_from_quote,
)
from scomm.course.layout import KEYS_DIR

KEY_PREFIX = "annotation"


def _key(doc_id: str, ann_id: str) -> str:
    return f"{KEY_PREFIX}:{doc_id}:{ann_id}"


def save(ann: Annotation, log: Any) -> None:
    """Append the annotation to a ``responses.Log``; saving again with the same id replaces it."""
    log.record(_key(ann.doc_id, ann.id), ann.to_record())


def delete(ann_id: str, doc_id: str, log: Any) -> None:
    """Record that annotation ``ann_id`` on ``doc_id`` is deleted (the log keeps its history)."""
    check_field(
        isinstance(ann_id, str) and bool(ID_PATTERN.fullmatch(ann_id)), "ann_id", ann_id, "an annotation id"
    )
    log.record(_key(doc_id, ann_id), None)


def load(log: Any, doc_id: str) -> Loaded:
    """The student's current annotations on ``doc_id``, in text order.

    Deleted ones are left out; malformed records are skipped and listed in ``.skipped``.
    """
    found, skipped = [], []
    for key, entry in log.latest().items():
        head, _, ann_id = key.rpartition(":")  # ids hold no ':', so this splits doc id from id
        if head != f"{KEY_PREFIX}:{doc_id}" or entry.get("answer") is None:
            continue
        try:
            ann = Annotation.from_record(entry["answer"])
            check_field(ann.id == ann_id and ann.doc_id == doc_id, "record", key, "stored under its own key")
        except ValueError as error:
            skipped.append(f"{key}: {error}")
            continue
        found.append(ann)
    return Loaded(sorted(found, key=lambda a: (a.start, a.end, a.created, a.id)), skipped)


def load_key(
    lesson: str, doc: object, *, keys_dir: Path | None = None, tags: tuple[str, ...] = TAGS
) -> list[Annotation]:
    """The instructor's key for a lesson's reading, from ``keys/annotations/<lesson>.toml``.

    Each passage is found in the reading by its quote, so the key survives edits to the reading
    as long as the quoted words remain; a quote no longer present is an error naming it.
    """
    path = Path(keys_dir or KEYS_DIR) / "annotations" / f"{lesson}.toml"
    if not path.exists():
        raise AnnotationError(f"lesson {lesson} has no annotation key at {path}")
    passages = tomllib.loads(path.read_text(encoding="utf-8")).get("passage", [])
    return [
        make_from_quote(
            doc,
            p["quote"],
            annotator="instructor-key",
            role="instructor",
            tag=p["tag"],
            stance=p.get("stance"),
            comment=p.get("comment", ""),
            tags=tags,
        )
        for p in passages
    ]
