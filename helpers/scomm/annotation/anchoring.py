"""Finding an annotation's words again in an edited reading.

>>> from types import SimpleNamespace
>>> from scomm.annotation.records import make_from_quote
>>> doc = SimpleNamespace(doc_id="memo", text="ICE said participation is voluntary.", sha256="0" * 64)
>>> note = make_from_quote(doc, "participation is voluntary", annotator="s1", tag="claim")
>>> edited = SimpleNamespace(doc_id="memo", text="In 2010 ICE said participation is voluntary.", sha256="1" * 64)
>>> moved = reanchor(note, edited)
>>> moved.start, moved.anchor_status
(17, 'reanchored')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from scomm.annotation.records import CONTEXT, Annotation, Doc, context_of

FUZZY = 85  # minimum rapidfuzz ratio (0-100) for a span whose own words were edited
FUZZY_CONTEXT = 60  # ... and for the span with its context, to find where to look for it
#: How far ``_refine`` moves a rough span's edge: enough for a few edited words, and bounded, so a
#: long quote costs a few hundred comparisons rather than a number growing with its square.
MAX_SLACK = 48
#: The longest quote looked for fuzzily. Comparing a quote with every stretch of the reading
#: costs their lengths multiplied; a longer quote whose own words were edited is listed as not
#: placed instead (it is still found when its words are unchanged, wherever they moved).
FUZZY_MAX = 1_000


def _common_head(one: str, other: str) -> int:
    """How many characters two strings share at their start."""
    shortest = min(len(one), len(other))
    return next((i for i in range(shortest) if one[i] != other[i]), shortest)


def _context_score(ann: Annotation, text: str, start: int, end: int) -> tuple[int, int]:
    """How well the stored prefix and suffix agree with the text around a span.

    Two counts of characters: those that agree touching the span, and those that agree in
    order anywhere in the context (the longest common subsequence).
    """
    before = text[max(0, start - len(ann.prefix)) : start]
    after = text[end : end + len(ann.suffix)]
    touching = _common_head(ann.prefix[::-1], before[::-1]) + _common_head(ann.suffix, after)
    return touching, LCSseq.similarity(ann.prefix, before) + LCSseq.similarity(ann.suffix, after)


def _by_position(ann: Annotation, text: str) -> tuple[int, int] | None:
    """The old offsets, if they still hold the quote in its old surroundings."""
    start, end = ann.start, ann.end
    if text[start:end] != ann.exact:
        return None
    same_context = _context_score(ann, text, start, end)[0] == len(ann.prefix) + len(ann.suffix)
    return (start, end) if same_context else None


def _by_quote(ann: Annotation, text: str) -> tuple[int, int] | None:
    """The occurrence of the exact quote whose surroundings match best (nearest on ties).

    Context touching the span counts twice, so words that merely recur nearby count for less.
    A short quote found in new surroundings is probably another mention of the same words, so
    unless the quote is at least ``CONTEXT`` long, half of the stored context must agree.
    """
    spans, at = [], text.find(ann.exact)
    while at >= 0:
        spans.append((at, at + len(ann.exact)))
        at = text.find(ann.exact, at + 1)
    if not spans:
        return None
    scores = {span: _context_score(ann, text, *span) for span in spans}
    start, end = max(spans, key=lambda span: (sum(scores[span]), -abs(span[0] - ann.start)))
    in_order = scores[start, end][1]
    needed = 0 if len(ann.exact) >= CONTEXT else (len(ann.prefix) + len(ann.suffix)) / 2
    return (start, end) if in_order >= needed else None


def _refine(exact: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Move each edge of a rough span a little while that makes it more like ``exact``."""
    slack = min(max(3, len(exact) // 5), MAX_SLACK)
    for _ in range(2):
        start = max(
            range(max(0, start - slack), min(end, start + slack + 1)),
            key=lambda s: (fuzz.ratio(exact, text[s:end]), -abs(s - start)),
        )
        end = max(
            range(max(start + 1, end - slack), min(len(text), end + slack) + 1),
            key=lambda e: (fuzz.ratio(exact, text[start:e]), -abs(e - end)),
        )
    return start, end


def _by_fuzzy(ann: Annotation, text: str) -> tuple[int, int] | None:
    """A span at least ``FUZZY`` % like the old quote, looked for where its old context is."""
    # rapidfuzz's ratio is at most 2·shorter/(both lengths): a text too short for FUZZY is skipped.
    if len(ann.exact) > FUZZY_MAX or 200 * len(text) < FUZZY * (len(text) + len(ann.exact)):
        return None
    needle = ann.prefix + ann.exact + ann.suffix
    low, high = 0, len(text)
    if len(needle) <= len(text):
        place = fuzz.partial_ratio_alignment(needle, text, score_cutoff=FUZZY_CONTEXT)
        if place is None:
            return None
        low, high = place.dest_start, place.dest_end
    slack = min(max(3, len(ann.exact) // 5), MAX_SLACK)
    low, high = max(0, low - slack), min(len(text), high + slack)
    if high <= low:
        return None
    start, end = low, high
    if len(ann.exact) <= high - low:
        inner = fuzz.partial_ratio_alignment(ann.exact, text[low:high])
        start, end = low + inner.dest_start, max(low + inner.dest_end, low + inner.dest_start + 1)
    start, end = _refine(ann.exact, text, start, end)
    return (start, end) if fuzz.ratio(ann.exact, text[start:end]) >= FUZZY else None


# Cheapest and surest first: a later strategy runs only when the earlier ones found nothing.
STRATEGIES: tuple[Callable[[Annotation, str], tuple[int, int] | None], ...] = (
    _by_position,
    _by_quote,
    _by_fuzzy,
)


def reanchor(ann: Annotation, doc: Doc) -> Annotation:
    """The annotation placed on ``doc``, which may be an edited version of the one it was made on.

    Status "exact" if nothing changed, "reanchored" (new offsets, text and context, the new
    document's sha256) if the span was found again, else "orphan" with everything else kept.
    """
    text = doc.text
    if doc.sha256 == ann.doc_sha256 and text[ann.start : ann.end] == ann.exact:
        return ann if ann.anchor_status == "exact" else replace(ann, anchor_status="exact")
    for strategy in STRATEGIES:
        span = strategy(ann, text)
        if span is not None:
            start, end = span
            prefix, suffix = context_of(text, start, end)
            return replace(
                ann,
                doc_sha256=doc.sha256,
                start=start,
                end=end,
                exact=text[start:end],
                prefix=prefix,
                suffix=suffix,
                anchor_status="reanchored",
            )
    return replace(ann, anchor_status="orphan")
