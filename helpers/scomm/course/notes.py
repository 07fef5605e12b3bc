"""Teaching notes that appear in a lesson only when ``role="instructor"``.

Notes live in ``teaching_notes/<lesson slug>.md``, one ``## section`` heading per place
in the notebook. In a student's notebook ``show`` displays nothing at all.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from scomm.course.tables import markdown

NOTES_DIR = Path(__file__).parent / "teaching_notes"


@cache
def sections(lesson: str) -> dict[str, str]:
    """The notes for one lesson, by section name."""
    path = NOTES_DIR / f"{lesson}.md"
    found: dict[str, str] = {}
    name = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            name = line[3:].strip()
            found[name] = ""
        elif name is not None:
            found[name] += line + "\n"
    return {k: v.strip() for k, v in found.items()}


def show(lesson: str, section: str, *, role: str) -> None:
    """Display the instructor's note for ``section`` when ``role`` is 'instructor'."""
    notes = sections(lesson)
    if section not in notes:
        raise KeyError(f"{lesson} has no teaching note {section!r}; it has {', '.join(notes)}")
    if role != "instructor":
        return
    from IPython.display import display

    display(markdown(f"> **Instructor note.** {notes[section]}".replace("\n", "\n> ")))
