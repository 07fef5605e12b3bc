"""The marking desk and its server, without a browser: order, pseudonyms, resuming, saving a mark,
escaping what students wrote, refusing marks from elsewhere; and two markers' agreement."""

from __future__ import annotations

import contextlib
import json
import math
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from written_class import HOSTILE, LESSON, a_class, exercises, the_rubrics

from scomm.grading import mark_agreement
from scomm.grading.desk import pseudonym
from scomm.grading.marking import desk_for, serve
from scomm.grading.marks import MarkError, Store


def make_desk(tmp_path: Path, marker: str = "ta-lee", n: int = 3):
    return desk_for(a_class(n), exercises(), LESSON, tmp_path / "marking", marker, the_rubrics(tmp_path))


def test_answers_come_by_question_or_by_student_under_pseudonyms(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    by_question = [(i.exercise.id, i.alias) for i in desk.orders["q"]]
    aliases = sorted({alias for _, alias in by_question})
    assert by_question == [("l4-memo", a) for a in aliases] + [("l4-short", a) for a in aliases]
    assert [(i.alias, i.exercise.id) for i in desk.orders["s"]] == [
        (a, ex) for a in aliases for ex in ("l4-memo", "l4-short")
    ]
    assert all(a.startswith("Student ") and "s00" not in a for a in aliases)
    # The same pseudonyms for every marker sharing the folder, and the key is kept there.
    assert {i.alias for i in make_desk(tmp_path, "ta-kim").orders["q"]} == set(aliases)
    assert (tmp_path / "marking" / ".pseudonym-key").exists()


def test_an_empty_answer_is_not_put_on_the_desk(tmp_path: Path) -> None:
    students = a_class(2)
    students[0].answers["l4-memo"] = "   "
    desk = desk_for(students, exercises(), LESSON, tmp_path / "m", "ta-lee", the_rubrics(tmp_path))
    assert len(desk) == 3


def test_a_mark_is_saved_checked_and_marking_resumes_at_the_first_unmarked(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    first, second = desk.orders["q"][:2]
    assert desk.resume("q") == 1
    desk.give(first.key, first.digest, {"legal": "4"}, "")
    assert desk.state(first) == "started" and desk.resume("q") == 1
    desk.give(first.key, first.digest, {"legal": "4", "evidence": "weak"}, "Cite more.")
    assert desk.state(first) == "marked" and desk.resume("q") == 2
    reopened = make_desk(tmp_path)  # a reload, or the server started again
    assert reopened.mine(reopened.orders["q"][0]).comment == "Cite more." and reopened.resume("q") == 2
    with pytest.raises(MarkError, match="no level 'A\\+'"):
        desk.give(second.key, second.digest, {"legal": "A+"}, "")
    with pytest.raises(MarkError, match="criterion 'style'"):
        desk.give(second.key, second.digest, {"style": "4"}, "")
    with pytest.raises(MarkError, match="has changed since the page was opened"):
        desk.give(second.key, "sha256:old", {"legal": "4"}, "")
    with pytest.raises(MarkError, match="names no answer"):
        desk.give("s001:l4-memo", second.digest, {"legal": "4"}, "")  # a name, not a pseudonym


def test_a_changed_resubmission_shows_as_needing_marking_again(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    first = desk.orders["q"][0]
    desk.give(first.key, first.digest, {"legal": "4", "evidence": "good"}, "")
    students = a_class(3)
    for s in students:
        s.answers["l4-memo"] += " An added sentence."
    later = desk_for(students, exercises(), LESSON, tmp_path / "marking", "ta-lee", the_rubrics(tmp_path))
    assert later.state(later.orders["q"][0]) == "changed" and later.resume("q") == 1


@contextlib.contextmanager
def running(desk):
    server = serve(desk)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as reply:
        return reply.code, dict(reply.headers), reply.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_server_shows_an_answer_escaped_under_a_policy_that_forbids_inline_script(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    hostile = next(n for n, i in enumerate(desk.orders["q"], 1) if HOSTILE in i.answer)
    with running(desk) as url:
        status, headers, _ = fetch(url + "/")
        assert status == 303 and headers["Location"] == "/q/1"
        status, headers, page = fetch(f"{url}/q/{hostile}")
    html = page.decode()
    assert status == 200 and "script-src 'self'" in headers["Content-Security-Policy"]
    assert "<script>document" not in html and "<img src=x" not in html
    assert "&lt;script&gt;document.title=&quot;owned&quot;&lt;/script&gt;" in html
    assert html.count("<script") == 1 and '<script src="/static/mark.js" defer></script>' in html
    assert "s001" not in html and "Show names" in html  # names hidden by default


def test_names_show_only_when_asked(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    with running(desk) as url:
        _, _, page = fetch(f"{url}/q/1?names=1")
    assert desk.orders["q"][0].student in page.decode() and "Hide names" in page.decode()


def post(url: str, mark: dict, **headers: str) -> tuple[int, dict]:
    status, _, body = fetch(
        url + "/mark", json.dumps(mark).encode(), {"Content-Type": "application/json", **headers}
    )
    return status, json.loads(body or b"{}")


def test_a_mark_posted_is_saved_at_once_and_a_bad_one_is_refused_with_a_reason(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    item = desk.orders["q"][0]
    mark = {"key": item.key, "digest": item.digest, "levels": {"legal": "2"}, "comment": "ok"}
    with running(desk) as url:
        origin = url
        assert post(url, mark, Origin=origin)[0] == 200
        assert Store(tmp_path / "marking", LESSON, "ta-lee").latest()[(item.student, "l4-memo")].levels == {
            "legal": "2"
        }
        status, reply = post(url, {**mark, "levels": {"legal": "9"}}, Origin=origin)
        assert status == 422 and "no level '9'" in reply["error"]
        assert post(url, mark, Origin="https://evil.example")[0] == 403
        status, _, _ = fetch(url + "/mark", b"key=x", {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 400
        status, reply = post(url, {**mark, "comment": "x" * 70_000})
        assert status == 413
        assert fetch(url + "/q/1", headers={"Host": "attacker.example"})[0] == 421
        assert fetch(url + "/q/99")[0] == 404


def test_agreement_per_criterion_matches_a_hand_computed_alpha(tmp_path: Path) -> None:
    # Levels of "legal", best first 4, 2, 0, are ranks 2, 1, 0. Lee gives ranks 0 1 2 2, Kim 0 1 2 1.
    # Coincidences: o00 = o11 = o22 = 2, o12 = o21 = 1; n0 = 2, n1 = n2 = 3, n = 8. Ordinal distances:
    # d01 = (2 + 3 - 2.5)^2 = 6.25, d12 = (3 + 3 - 3)^2 = 9, d02 = (8 - 2.5)^2 = 30.25.
    # Do = (1 + 1) * 9 / 8 = 2.25; De = 2 * (6 * 6.25 + 6 * 30.25 + 9 * 9) / (8 * 7) = 600 / 56.
    # alpha = 1 - Do / De = 1 - 2.25 * 56 / 600 = 0.79.
    lee, kim = make_desk(tmp_path, "ta-lee", 4), make_desk(tmp_path, "ta-kim", 4)
    memos = [i for i in lee.orders["q"] if i.exercise.id == "l4-memo"]
    for item, mine, theirs in zip(memos, ["0", "2", "4", "4"], ["0", "2", "4", "2"], strict=True):
        lee.give(item.key, item.digest, {"legal": mine, "evidence": "good"}, "")
        kim.give(item.key, item.digest, {"legal": theirs, "evidence": "good"}, "")
    marks = {"ta-kim": kim.store.latest(), "ta-lee": lee.store.latest()}
    results, differ = mark_agreement.agreement(lee.orders["q"], marks, ("ta-lee", "ta-kim"))
    by_criterion = {(r.exercise, r.criterion): r for r in results}
    assert by_criterion[("l4-memo", "legal")].alpha == pytest.approx(1 - 2.25 * 56 / 600)
    assert by_criterion[("l4-memo", "legal")].answers == 4
    assert math.isnan(by_criterion[("l4-memo", "evidence")].alpha)  # every level the same
    assert (
        math.isnan(by_criterion[("l4-short", "idea")].alpha)
        and by_criterion[("l4-short", "idea")].answers == 0
    )
    assert [(d.alias, d.criterion, d.levels) for d in differ] == [(memos[3].alias, "legal", ("4", "2"))]
    text, rows = mark_agreement.report(lee.orders["q"], marks, ("ta-lee", "ta-kim"))
    assert "l4-memo legal: alpha 0.79 on 4 answer(s)" in text
    assert rows == [
        ["answer", "exercise", "criterion", "ta-lee", "ta-kim"],
        [memos[3].alias, "l4-memo", "legal", "4", "2"],
    ]


def test_a_pseudonym_depends_on_the_folders_key() -> None:
    assert pseudonym(b"one", "kim") != pseudonym(b"two", "kim")


def test_pseudonyms_are_all_different_even_when_six_digits_collide(monkeypatch: pytest.MonkeyPatch) -> None:
    from scomm.grading import desk as desk_module

    real = desk_module.pseudonym
    monkeypatch.setattr(
        desk_module, "pseudonym", lambda key, s, digits=6: real(key, s, digits if digits > 6 else 1)
    )
    names = desk_module.pseudonyms(b"k", [f"s{n}" for n in range(40)])
    assert len(set(names.values())) == 40
