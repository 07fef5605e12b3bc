"""The marking page: one written answer beside its rubric, as HTML every student-supplied value of
which is escaped. The page's script and style are files of their own (``static/``), so the page
can forbid every inline script: an answer holding ``<script>`` is shown as text and nothing runs.
"""

from __future__ import annotations

from scomm.course.counts import count_of
from scomm.course.params import LEVELS
from scomm.grading.desk import ORDERS, Desk, Item
from scomm.grading.feedback import esc, lesson_title, page, points

KEYS = (
    ("n", "next answer"),
    ("p", "previous answer"),
    ("u", "next answer not yet fully marked"),
    ("Ctrl+Enter", "save and go to the next answer (also from the comment box)"),
    ("Tab, arrow keys", "move to a criterion and choose its level (saved at once)"),
    ("Escape", "leave the comment box, so that n, p and u work again"),
)

_STATES = {
    "marked": "Marked.",
    "started": "Some criteria have a level; choose one for each.",
    "changed": "The student handed in a changed answer since you marked it: mark it again.",
    "unmarked": "Not marked yet.",
}


def _href(order: str, n: int, names: bool) -> str:
    return f"/{order}/{n}" + ("?names=1" if names else "")


def _nav(desk: Desk, order: str, n: int, names: bool) -> str:
    total = len(desk.orders[order])
    counts = desk.counts()
    links = []
    if n > 1:
        links.append(f'<a id="prev" href="{_href(order, n - 1, names)}" rel="prev">Previous answer (p)</a>')
    if n < total:
        links.append(f'<a id="next" href="{_href(order, n + 1, names)}" rel="next">Next answer (n)</a>')
    links.append(f'<a id="unmarked" href="{_href(order, desk.resume(order), names)}">Next not marked (u)</a>')
    other = "s" if order == "q" else "q"
    toggle = "Hide names" if names else "Show names"
    return (
        f'<nav aria-label="Answers">\n<p>Answer <strong>{n}</strong> of {total}, {ORDERS[order]}. '
        f"You have marked {counts['marked']}; {counts['changed']} to mark again; "
        f"{counts['unmarked'] + counts['started']} to go.</p>\n<p>{' · '.join(links)}</p>\n"
        f'<p><a href="{_href(other, 1, names)}">Mark {ORDERS[other]}</a> · '
        f'<a id="names" href="{_href(order, n, not names)}">{toggle}</a></p>\n</nav>\n'
    )


def _level(criterion_id: str, level, chosen: str | None) -> str:
    field = f"c-{esc(criterion_id)}-{esc(level.id)}"
    checked = " checked" if chosen == level.id else ""
    return (
        f'<div class="level"><input type="radio" id="{field}" name="c-{esc(criterion_id)}" '
        f'value="{esc(level.id)}" data-criterion="{esc(criterion_id)}"{checked}>'
        f'<label for="{field}"><strong>{esc(level.id)}</strong> ({count_of(round(level.points, 4), "point")}): '
        f"{esc(level.descriptor)}</label></div>"
    )


def _rubric(item: Item, levels: dict[str, str]) -> str:
    groups = []
    for c in item.rubric.criteria:
        options = "\n".join(_level(c.id, lv, levels.get(c.id)) for lv in c.levels)
        groups.append(
            f'<fieldset class="criterion">\n<legend>{esc(c.name)} (up to {points(c.top)} points)</legend>\n'
            f"{options}\n</fieldset>"
        )
    return "\n".join(groups)


def _good(item: Item) -> str:
    if not item.rubric.good_answer:
        return ""
    listed = "".join(f"<li>{esc(g)}</li>" for g in item.rubric.good_answer)
    return f"<details>\n<summary>What a good answer contains</summary>\n<ul>{listed}</ul>\n</details>\n"


def _answer(desk: Desk, item: Item, names: bool) -> str:
    who = f"{esc(item.student)} ({esc(item.alias)})" if names else esc(item.alias)
    ex = item.exercise
    return (
        '<section class="answer" aria-labelledby="answer-title">\n'
        f'<h2 id="answer-title" tabindex="-1">{esc(ex.id)}: {esc(ex.prompt)}</h2>\n'
        f'<p>By <strong id="who">{who}</strong>; <span id="length">{esc(_length(desk, item))}</span>; worth '
        f"{points(item.rubric.points)} points ({esc(ex.mode)}).</p>\n"
        f'<div class="text" id="answer-text">{esc(item.answer)}</div>\n</section>\n'
    )


def _length(desk: Desk, item: Item) -> str:
    """'950 words; 600-900 asked: 50 over (level high_school)': the answer against its class's range."""
    if item.level:
        level = item.level
    elif desk.assumed:
        level = f"{desk.assumed}, from --level: no level recorded"
    else:
        level = f"{LEVELS[0]}, the default: no level recorded"
    return f"{desk.asked(item).word_status(item.answer)} (level {level})"


def item_page(desk: Desk, order: str, n: int, *, names: bool = False) -> str:
    """The page for the ``n``-th answer (from 1) in ``order`` (``q`` by question, ``s`` by student)."""
    item = desk.orders[order][n - 1]
    mine = desk.mine(item)
    state = desk.state(item)
    kept = mine if mine and state != "changed" else None
    levels = dict(kept.levels) if kept else {}
    comment = kept.comment if kept else ""
    keys = "".join(f"<dt><kbd>{esc(k)}</kbd></dt><dd>{esc(v)}</dd>" for k, v in KEYS)
    body = (
        f"<h1>Marking {esc(lesson_title(item.rubric.lesson))}</h1>\n"
        f"<p>Marker <strong>{esc(desk.store.marker)}</strong>. Every level you choose and every "
        "comment is saved the moment you give it.</p>\n"
        f'<p id="class-level">{esc(desk.level_note)}</p>\n'
        + _nav(desk, order, n, names)
        + '<div class="desk">\n'
        + _answer(desk, item, names)
        + f'<form id="mark" class="rubric" data-key="{esc(item.key)}" data-digest="{esc(item.digest)}" '
        f'aria-labelledby="rubric-title">\n<h2 id="rubric-title">Rubric</h2>\n{_rubric(item, levels)}\n'
        f'<label for="comment">Comment for the student</label>\n'
        f'<textarea id="comment" name="comment" rows="5" maxlength="5000">{esc(comment)}</textarea>\n'
        f'<p id="status" role="status" aria-live="polite" data-state="{state}">{_STATES[state]}</p>\n'
        f"{_good(item)}</form>\n</div>\n"
        f'<section aria-labelledby="keys-title">\n<h2 id="keys-title">Keys</h2>\n<dl class="keys">{keys}</dl>\n'
        "</section>\n"
    )
    return shell(f"Marking {item.rubric.lesson}: answer {n}", body)


def shell(title: str, body: str) -> str:
    """A marking page: the feedback pages' look (``/static/mark.css``) and the marking script."""
    scripts = '<link rel="stylesheet" href="/static/mark.css">\n<script src="/static/mark.js" defer></script>'
    return page(title, body, head=scripts)


def empty_page(lesson: str) -> str:
    """What the desk shows when there is nothing to mark."""
    return shell(
        f"Marking {lesson}",
        f"<h1>Marking {esc(lesson_title(lesson))}</h1>\n<p>No written answers to mark: no submission "
        "of this lesson holds an answer to a written exercise with a rubric.</p>\n",
    )
