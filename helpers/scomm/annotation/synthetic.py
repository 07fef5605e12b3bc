"""A SYNTHETIC class of annotations, for tests and benchmarks: made-up students and a made-up key.

>>> from scomm.sources.corpus import reading
>>> students, key = synthetic_class(reading("02_opt_out_dispute"), students=3, per_student=2, key_passages=4)
>>> len(students), len(key), students[0].annotator
(6, 4, 'synthetic-0001')
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from scomm.annotation.records import CONTEXT, STANCES, TAGS, Annotation

SYNTHETIC_PREFIX = "synthetic-"
_SYNTHETIC_TIME = "2026-01-15T10:00:00+00:00"  # fixed, so the same seed gives the same records


def _synthetic(doc: object, n: str, who: str, role: str, span: tuple[int, int], tag: str, stance, comment=""):
    start, end = span
    return Annotation(
        id=n,
        doc_id=doc.doc_id,
        doc_sha256=doc.sha256,
        annotator=who,
        role=role,
        created=_SYNTHETIC_TIME,
        start=start,
        end=end,
        exact=doc.text[start:end],
        prefix=doc.text[max(0, start - CONTEXT) : start],
        suffix=doc.text[end : end + CONTEXT],
        tag=tag,
        stance=stance,
        comment=comment,
        anchor_status="exact",
    )


def synthetic_class(
    doc: object,
    *,
    students: int = 300,
    per_student: int = 50,
    key_passages: int = 20,
    seed: int = 0,
    tags: Sequence[str] = TAGS,
) -> tuple[list, list]:
    """SYNTHETIC annotations of ``doc``: made-up students (``synthetic-0001`` ...) and a made-up key.

    Never real students. Passages are runs of 3 to 20 whole words inside one paragraph. Each
    student annotation is, by a seeded draw, a key passage with its edges moved by up to two
    words (60%: key tag 80% of the time, key stance 70%) or a passage anywhere (40%).
    Returns (student annotations, key).
    """
    rng = random.Random(seed)
    words = [
        [(m.start(), m.end()) for m in re.finditer(r"\S+", doc.paragraph_text(p))] for p in doc.paragraphs
    ]
    usable = [(p.start, w) for p, w in zip(doc.paragraphs, words, strict=True) if len(w) >= 3]

    def passage(at: int, w: list, first: int, last: int) -> tuple[int, int]:
        first, last = max(0, min(first, len(w) - 1)), max(0, min(last, len(w) - 1))
        first, last = min(first, last), max(first, last)
        return at + w[first][0], at + w[last][1]

    def anywhere() -> tuple[tuple[int, int], tuple]:
        at, w = rng.choice(usable)
        first = rng.randrange(len(w))
        return passage(at, w, first, first + rng.randint(2, 19)), (at, w, first)

    key = []
    for k in range(key_passages):
        span, _ = anywhere()
        tag = tags[k % len(tags)]
        stance = rng.choice(STANCES)
        comment = f"Key passage {k + 1} (synthetic): tagged {tag}, read as {stance}."
        key.append(_synthetic(doc, f"key-{k:03d}", "instructor", "instructor", span, tag, stance, comment))
    anchors = {}
    for k in key:  # where each key passage's words are, so students can miss its edges by a word or two
        at = next(p.start for p in doc.paragraphs if p.start <= k.start < p.end)
        w = words[[p.start for p in doc.paragraphs].index(at)]
        first = next(i for i, (s, _) in enumerate(w) if at + s == k.start)
        last = next(i for i, (_, e) in enumerate(w) if at + e == k.end)
        anchors[k.id] = (at, w, first, last)
    out = []
    for s in range(1, students + 1):
        who = f"{SYNTHETIC_PREFIX}{s:04d}"
        for j in range(per_student):
            if rng.random() < 0.6:
                k = rng.choice(key)
                at, w, first, last = anchors[k.id]
                span = passage(at, w, first + rng.randint(-2, 2), last + rng.randint(-2, 2))
                tag = k.tag if rng.random() < 0.8 else rng.choice(tags)
                stance = k.stance if rng.random() < 0.7 else rng.choice(STANCES)
            else:
                span, _ = anywhere()
                tag, stance = rng.choice(tags), rng.choice([*STANCES, None])
            out.append(_synthetic(doc, f"{who}-{j:03d}", who, "student", span, tag, stance))
    return out, key
