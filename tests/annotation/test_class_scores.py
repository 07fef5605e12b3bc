"""A class's annotations scored against the key and fed back, checked by hand: exact and partial F1, each
key passage matched once, and feedback naming what was found and missed."""

from __future__ import annotations

from types import SimpleNamespace as Span

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_classview import A, D, M, P, V, ann

from scomm.annotation import agreement, classview


def test_exact_and_partial_f1_on_a_small_example() -> None:
    key = [ann("key", 0, 10, "claim"), ann("key", 20, 30, "evidence"), ann("key", P[1], P[1] + 10, "claim")]
    mine = [
        ann("s", 0, 10, "claim"),  # exact (and so partial too)
        ann("s", 22, 30, "evidence"),  # Jaccard 8/10 = 0.8: partial only
        ann("s", P[1], P[1] + 4, "claim"),  # Jaccard 4/10 = 0.4: neither
        ann("s", P[2], P[2] + 10, "claim"),  # not in the key
        ann("s", 20, 30, "claim"),  # the key's span with another tag: neither
    ]
    table = agreement.span_scores(mine, key).set_index("student")
    s = table.loc["s"]
    assert (s["passages"], s["key"], s["exact"], s["partial"]) == (5, 3, 1, 2)
    # exact: P = 1/5, R = 1/3, F1 = 2PR/(P+R) = (2/15)/(8/15) = 1/4
    assert (s["exact_precision"], s["exact_recall"], s["exact_f1"]) == pytest.approx((1 / 5, 1 / 3, 1 / 4))
    # partial: P = 2/5, R = 2/3, F1 = (8/15)/(16/15) = 1/2
    assert (s["partial_precision"], s["partial_recall"], s["partial_f1"]) == pytest.approx(
        (2 / 5, 2 / 3, 1 / 2)
    )


_spans = st.tuples(st.integers(0, 60), st.integers(1, 30), st.sampled_from(["claim", "evidence"]))


@given(
    st.lists(st.tuples(st.sampled_from("abcd"), _spans), min_size=1, max_size=30),
    st.lists(_spans, max_size=6),
)
def test_the_class_matched_at_once_agrees_with_each_student_matched_by_hand(mine, key) -> None:
    # The scores match every student's passages with the key in one array operation; by hand, each
    # student alone: exact = same start, end and tag; partial = pairs of the same tag with Jaccard
    # >= 0.5, best first (ties: the student's passages, then the key's, in order), each used once.
    truth = sorted({(s, s + n, tag) for s, n, tag in key})
    by_student: dict[str, set] = {}
    for who, (s, n, tag) in mine:
        by_student.setdefault(who, set()).add((s, s + n, tag))
    table = agreement.span_scores(
        [ann(who, s, s + n, tag) for who, (s, n, tag) in mine], [ann("key", *k) for k in truth]
    ).set_index("student")
    for who, spans in by_student.items():
        spans = sorted(spans)
        pairs = [
            (-agreement.overlap_jaccard(m[:2], k[:2]), i, j)
            for i, m in enumerate(spans)
            for j, k in enumerate(truth)
            if m[2] == k[2] and agreement.overlap_jaccard(m[:2], k[:2]) >= agreement.PARTIAL_JACCARD
        ]
        used, partial = set(), 0
        for _, i, j in sorted(pairs):
            if ("m", i) not in used and ("k", j) not in used:
                used |= {("m", i), ("k", j)}
                partial += 1
        row = table.loc[who]
        assert (row["passages"], row["exact"], row["partial"]) == (
            len(spans),
            len(set(spans) & set(truth)),
            partial,
        )


def test_a_key_passage_earns_partial_credit_once_and_the_class_rows_add_up() -> None:
    key = [ann("key", 0, 10, "claim")]
    twice = [ann("s", 0, 9, "claim"), ann("s", 1, 10, "claim")]  # both Jaccard 0.9 with the one key passage
    nothing = [ann("t", P[3], P[3] + 5, "claim")]
    table = agreement.span_scores([*twice, *nothing], key).set_index("student")
    assert table.loc["s", "partial"] == 1 and table.loc["s", "partial_precision"] == 0.5
    pooled, mean = table.loc["(class, pooled)"], table.loc["(class, mean)"]
    assert (pooled["passages"], pooled["partial"]) == (3, 1)
    assert pooled["partial_precision"] == pytest.approx(1 / 3) and pooled["partial_recall"] == pytest.approx(
        1 / 2
    )
    assert mean["partial_f1"] == pytest.approx((2 * 0.5 * 1 / 1.5 + 0) / 2)


def test_feedback_names_found_missed_stance_and_extra_passages_with_quotes() -> None:
    key = [
        ann("key", P[0], P[0] + 20, "claim", V, "The agency's own words."),
        ann("key", P[1], P[1] + 20, "evidence", M, "A memo is evidence, and it says mandatory."),
        ann("key", P[2], P[2] + 20, "claim", V, "The county's attempt shows what it believed."),
    ]
    mine = [
        ann("s", P[0], P[0] + 20, "claim", V),
        ann("s", P[1] + 2, P[1] + 20, "claim", V),  # found, other tag, other stance
        ann("s", P[3], P[3] + 10, "date", A),  # extra
    ]
    text = classview.student_feedback(mine, key, D)
    assert "you marked 3 passage(s); the instructor's key has 3" in text
    assert "You found 2 of the 3 key passages" in text
    assert (
        f"“{D.text[P[1] : P[1] + 20]}” (paragraph 2, evidence). You tagged it claim; the key tags it evidence."
        in text
    )
    assert (
        f"You missed 1; read them again:\n- “{D.text[P[2] : P[2] + 20]}” (paragraph 3, tagged claim)." in text
    )
    assert "The county's attempt shows what it believed." in text
    assert (
        "you said voluntary, the key says mandatory. Why: A memo is evidence, and it says mandatory." in text
    )
    assert "You also marked 1 passage(s) the key does not" in text and f"“{D.text[P[3] : P[3] + 10]}”" in text


def test_feedback_when_there_is_nothing_to_compare() -> None:
    assert "has not published a key" in classview.student_feedback([ann("s", 0, 5)], [], D)
    assert "not marked any passages yet" in classview.student_feedback([], [ann("key", 0, 5)], D)


@given(
    st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40)), min_size=1, max_size=12),
    st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40)), min_size=1, max_size=12),
)
def test_each_key_passage_is_matched_with_the_passage_sharing_most_of_it_first_of_equals(key, mine) -> None:
    key = [Span(start=s, end=s + n) for s, n in key]
    mine = [Span(start=s, end=s + n) for s, n in mine]

    def by_hand(span):  # the plain reading of "the passage sharing most characters, the first of equals"
        best, most = None, 0
        for c in mine:
            shared = min(c.end, span.end) - max(c.start, span.start)
            if shared > most:
                best, most = c, shared
        return best

    assert classview._best_matches(classview._shared(key, mine), mine) == [by_hand(k) for k in key]
