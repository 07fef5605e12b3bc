"""Output folders: the kit replaces only what it wrote, refuses with one sentence, and never half-writes."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from scomm.course import outputs
from scomm.course.outputs import MANIFEST, OutputConflict, OutputFolder


def _folder(tmp_path: Path, **kwargs: object) -> OutputFolder:
    return OutputFolder(tmp_path / "out", by="test", **kwargs)


def _everything(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_new_file_is_written_and_recorded_with_its_hash(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (path,) = folder.commit({"a/page.html": b"kit"})
    assert path.read_bytes() == b"kit"
    manifest = json.loads((folder.root / MANIFEST).read_text())
    assert manifest["files"] == {"a/page.html": {"by": "test", "sha256": outputs.sha256(b"kit")}}
    assert sorted(_everything(folder.root)) == [MANIFEST, "a/page.html"], "no temporary file is left"


def test_the_kits_own_unchanged_file_is_replaced(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    folder.commit({"page.html": b"first"})
    folder.commit({"page.html": b"second"})
    assert (folder.root / "page.html").read_bytes() == b"second"


def test_a_file_the_kit_did_not_write_stops_the_command_with_one_sentence(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder.root / "data").mkdir(parents=True)
    (folder.root / "data" / "mine.csv").write_text("theirs")
    with pytest.raises(OutputConflict) as caught:
        folder.commit({"index.html": b"kit", "data/mine.csv": b"kit"})
    message = str(caught.value)
    assert message == (
        f"{folder.root / 'data' / 'mine.csv'} was not written by scomm; "
        "move it away, choose another --out, or pass --force to replace it."
    )
    assert _everything(folder.root) == {"data/mine.csv": b"theirs"}, "nothing at all is written"


def test_a_kit_file_edited_since_is_not_replaced(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    folder.commit({"gradebook.csv": b"kit"})
    (folder.root / "gradebook.csv").write_bytes(b"kit, with my notes")
    with pytest.raises(OutputConflict, match=r"was written by scomm but has been changed since.*--force"):
        folder.commit({"gradebook.csv": b"kit again"})
    assert (folder.root / "gradebook.csv").read_bytes() == b"kit, with my notes"


def test_force_replaces_only_the_files_the_kit_writes(tmp_path: Path) -> None:
    folder = _folder(tmp_path, force=True)
    folder.root.mkdir()
    (folder.root / "index.html").write_text("theirs")
    (folder.root / "notes.txt").write_text("theirs too")
    folder.commit({"index.html": b"kit"})
    assert _everything(folder.root) == {
        MANIFEST: (folder.root / MANIFEST).read_bytes(),
        "index.html": b"kit",
        "notes.txt": b"theirs too",
    }
    # now the kit's own: replaced without --force next time
    _folder(tmp_path).commit({"index.html": b"kit 2"})


def test_a_file_already_holding_the_same_bytes_is_left_alone_and_not_claimed(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    folder.root.mkdir()
    (folder.root / "events.csv").write_bytes(b"same")
    before = (folder.root / "events.csv").stat().st_mtime_ns
    folder.commit({"events.csv": b"same"})
    assert (folder.root / "events.csv").stat().st_mtime_ns == before
    assert not (folder.root / MANIFEST).exists(), "a file the kit did not write is never recorded as its own"
    with pytest.raises(OutputConflict):
        folder.commit({"events.csv": b"different"})


def test_a_folder_in_the_way_is_refused_even_with_force(tmp_path: Path) -> None:
    folder = _folder(tmp_path, force=True)
    (folder.root / "index.html").mkdir(parents=True)
    with pytest.raises(OutputConflict, match=r"index\.html is a folder where scomm would write a file"):
        folder.commit({"index.html": b"kit"})


def test_force_replaces_a_link_itself_never_the_file_it_points_at(tmp_path: Path) -> None:
    elsewhere = tmp_path / "precious.txt"
    elsewhere.write_text("precious")
    folder = _folder(tmp_path)
    folder.root.mkdir()
    (folder.root / "index.html").symlink_to(elsewhere)
    with pytest.raises(OutputConflict):
        folder.commit({"index.html": b"kit"})
    _folder(tmp_path, force=True).commit({"index.html": b"kit"})
    assert elsewhere.read_text() == "precious"
    assert not (folder.root / "index.html").is_symlink()


def test_check_refuses_before_any_work_and_creates_nothing(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    folder.check(["a.ipynb"])
    assert not folder.root.exists()
    folder.root.mkdir()
    (folder.root / "a.ipynb").write_text("{}")
    with pytest.raises(OutputConflict, match=r"a\.ipynb was not written by scomm"):
        folder.check(["a.ipynb"])


def test_prune_removes_only_stale_unchanged_files_this_command_wrote(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    folder.commit({"old/page.html": b"old", "edited.html": b"kit", "kept.html": b"kit"})
    OutputFolder(folder.root, by="other").commit({"theirs.html": b"other command"})
    (folder.root / "edited.html").write_bytes(b"edited by hand")
    removed = folder.prune({"kept.html"})
    assert removed == [folder.root / "old" / "page.html"]
    assert not (folder.root / "old").exists(), "a folder the prune emptied goes too"
    assert sorted(_everything(folder.root)) == [MANIFEST, "edited.html", "kept.html", "theirs.html"]
    with pytest.raises(OutputConflict):  # forgotten: an edited file is never replaced again without --force
        folder.commit({"edited.html": b"kit"})


def _commit_many(root: str, by: str, count: int) -> None:
    folder = OutputFolder(Path(root), by=by)
    for number in range(count):
        folder.commit({f"{by}-{number}.txt": f"{by} {number}".encode()})


def test_commands_writing_at_once_keep_each_others_records(tmp_path: Path) -> None:
    root = tmp_path / "out"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_commit_many, args=(str(root), by, 40)) for by in ("a", "b", "c")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    recorded = json.loads((root / MANIFEST).read_text())["files"]
    assert len(recorded) == 120
    # every file is the kit's own now, so any of them may be replaced
    OutputFolder(root, by="a").commit({name: b"again" for name in recorded})


def test_a_damaged_manifest_means_nothing_is_known_to_be_the_kits(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    folder.commit({"page.html": b"kit"})
    (folder.root / MANIFEST).write_text("{not json")
    with pytest.raises(OutputConflict):
        folder.commit({"page.html": b"kit 2"})


def test_write_beside_leaves_the_target_untouched_until_it_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_text("old")
    temporary = outputs.write_beside(target, b"new")
    assert target.read_text() == "old" and temporary.parent == tmp_path and temporary.name.startswith(".")
    os.replace(temporary, target)
    assert target.read_text() == "new"


def test_a_place_that_cannot_be_written_is_named_in_one_sentence(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    folder.commit({"student": b"a file where the build wants a folder"})
    with pytest.raises(OutputConflict) as caught:
        folder.commit({"index.html": b"kit", "student/lesson.ipynb": b"kit"})
    assert str(caught.value).startswith(f"{folder.root / 'student' / 'lesson.ipynb'} cannot be written (")
    assert str(caught.value).endswith("); choose another --out.")
    recorded = json.loads((folder.root / MANIFEST).read_text())["files"]
    assert sorted(recorded) == ["index.html", "student"], (
        "what was written before the failure stays the kit's"
    )
    assert sorted(p.name for p in folder.root.iterdir()) == [MANIFEST, "index.html", "student"]


def test_a_full_disk_is_named_and_leaves_no_half_written_file(small_disk) -> None:
    folder = OutputFolder(small_disk.path / "grades", by="test")
    folder.commit({"gradebook.csv": b"small"})
    with pytest.raises(OutputConflict, match=r"summary\.html cannot be written \(No space left on device\)"):
        folder.commit({"gradebook.csv": b"small, again", "summary.html": b"x" * 1_000_000})
    assert (folder.root / "gradebook.csv").read_bytes() == b"small, again"
    assert sorted(p.name for p in folder.root.iterdir()) == [MANIFEST, "gradebook.csv"], "no temporary file"
    assert json.loads((folder.root / MANIFEST).read_text())["files"]["gradebook.csv"][
        "sha256"
    ] == outputs.sha256(b"small, again")


def test_a_read_only_disk_is_named_in_one_sentence(small_disk) -> None:
    folder = OutputFolder(small_disk.path / "site", by="test")
    folder.commit({"index.html": b"kit"})
    small_disk.read_only()
    with pytest.raises(
        OutputConflict, match=r"index\.html cannot be written \(Read-only file system\); choose"
    ):
        folder.commit({"index.html": b"kit, again"})
    assert (folder.root / "index.html").read_bytes() == b"kit"
    with pytest.raises(OutputConflict, match=r"grades cannot be written \(Read-only file system\)"):
        OutputFolder(small_disk.path / "grades", by="test").commit({"gradebook.csv": b"kit"})


def test_a_manifest_in_the_earlier_indented_form_still_marks_the_kits_files(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    (root / "page.html").write_bytes(b"kit")
    earlier = {
        "format": "scomm-manifest",
        "version": 1,
        "files": {"page.html": {"by": "test", "sha256": outputs.sha256(b"kit")}},
    }
    (root / MANIFEST).write_text(json.dumps(earlier, indent=1, sort_keys=True))
    OutputFolder(root, by="test").commit({"page.html": b"kit, again"})  # ours: replaced, not refused
    saved = json.loads((root / MANIFEST).read_text())
    assert saved["files"] == {"page.html": {"by": "test", "sha256": outputs.sha256(b"kit, again")}}


def test_the_manifest_is_saved_one_file_a_line_in_sorted_order(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    names = [f"feedback/{i:03d}.html" for i in range(30, 0, -1)]
    folder.commit({name: name.encode() for name in names})
    lines = (folder.root / MANIFEST).read_text().splitlines()
    listed = [line for line in lines if line.startswith('"feedback/')]
    assert [json.loads("{" + line.rstrip(",") + "}").popitem()[0] for line in listed] == sorted(names)
    recorded = json.loads((folder.root / MANIFEST).read_text())["files"]
    assert recorded == {name: {"by": "test", "sha256": outputs.sha256(name.encode())} for name in names}
