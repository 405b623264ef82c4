"""A full disk: the learner is told in words, the store stays sound, earlier entries stay whole.

The store lives on a 2 MB tmpfs the test mounts (root only); elsewhere the tests skip, saying why.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from checks import integrity
from factories import learning_log

from mentorkit.errors import StoreFull
from mentorkit.store import Store
from mentorkit.store.sqlite.search import SEARCH_BATCH

PAGE_OF_TEXT = "A long reflection on the session, written out in full. " * 400  # ~22 KB


@pytest.fixture
def tiny_disk(tmp_path):
    """A 2 MB filesystem of its own, unmounted afterwards."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("a full disk needs a tiny filesystem, and mounting one needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "mentorkit-tiny", str(mount_point)],
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"could not mount a tiny tmpfs here: {done.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", str(mount_point)], check=True)


def _fill(store) -> tuple[list, StoreFull]:
    """Save long entries until the disk is full; the entries saved and the refusal."""
    saved = []
    for n in range(500):
        try:
            saved.append(store.add(learning_log(thoughts=f"{n} {PAGE_OF_TEXT}")))
        except StoreFull as refusal:
            return saved, refusal
    pytest.fail("500 long entries fitted on a 2 MB disk: the disk never filled")


def _ballast(folder: Path, size: int) -> Path:
    ballast = folder / "ballast"
    ballast.write_bytes(b"\0" * size)
    return ballast


def test_a_full_disk_refuses_the_save_in_words_and_keeps_every_earlier_entry(tiny_disk):
    path = tiny_disk / "home" / "mentorkit.db"
    with Store.open(path, owner="learner") as store:
        saved, refusal = _fill(store)
        first = saved[0]
        with pytest.raises(StoreFull):
            store.update(first.id, feelings=PAGE_OF_TEXT)
        assert store.get(first.id) == first
    message = str(refusal)
    assert "full" in message and "Free some space" in message and "nothing you typed" in message
    assert len(saved) >= 3
    assert integrity(path) == "ok"
    with Store.open(path, owner="learner") as again:
        assert [again.get(entry.id) for entry in saved] == saved
        assert len(again.find()) == len(saved)


def test_saving_works_again_once_space_is_freed(tiny_disk):
    path = tiny_disk / "home" / "mentorkit.db"
    ballast = _ballast(tiny_disk, 512 * 1024)
    with Store.open(path, owner="learner") as store:
        saved, _ = _fill(store)
        ballast.unlink()
        after = store.add(learning_log(thoughts="Saved once there was room again"))
        assert store.get(after.id) == after
        assert {e.id for e in store.find()} == {e.id for e in saved} | {after.id}
    assert integrity(path) == "ok"


def test_a_new_store_on_a_full_disk_says_the_disk_is_full(tiny_disk):
    try:
        _ballast(tiny_disk, 4 * 1024 * 1024)
    except OSError:
        pass  # the ballast stopped at the disk's edge: the disk is now full
    with pytest.raises(StoreFull) as caught:
        Store.open(tiny_disk / "home" / "mentorkit.db", owner="learner")
    assert "Free some space" in str(caught.value)


def test_a_save_is_kept_when_the_disk_has_room_for_it_but_not_for_the_search_index(tiny_disk):
    path = tiny_disk / "home" / "mentorkit.db"
    with Store.open(path, owner="learner") as store:
        for n in range(SEARCH_BATCH - 1):  # queued for the index, which the next save fills
            store.add(learning_log(thoughts=f"{n} {PAGE_OF_TEXT}"))
        room = os.statvfs(tiny_disk)
        _ballast(tiny_disk, room.f_bavail * room.f_frsize - 100 * 1024)
        last = store.add(learning_log(thoughts="A short entry about the kestrel"))
        assert store.get(last.id) == last
        queued = store._conn.execute("SELECT count(*) FROM search_queue").fetchone()
        assert queued == (SEARCH_BATCH,)  # the index could not be written: the case at hand
        assert store._conn.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL again
        assert [r.id for r in store.find(text="kestrel")] == [last.id]
        assert len(store.find(text="reflection")) == SEARCH_BATCH - 1
    assert integrity(path) == "ok"
