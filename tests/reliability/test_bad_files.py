"""Stores that cannot be used as they are: a message that says what happened and what to do,
and not one byte of the learner's file changed. (More cases: tests/test_store_problems.py.)
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from checks import integrity
from factories import learning_log

from mentorkit.errors import StoreCorrupt, StoreLocked, StoreReadOnly
from mentorkit.store import SCHEMA_VERSION, Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EARLIER_RELEASES = sorted(FIXTURES.glob("store-v*.db"))
PAGE = 4096


@pytest.fixture
def full_store(store_path) -> Path:
    """A closed store of 200 entries, every page in the main file."""
    with Store.open(store_path, owner="learner") as store:
        for n in range(200):
            store.add(learning_log(thoughts=f"entry {n} " + "so much to say " * 30))
    return store_path


@contextlib.contextmanager
def _held(path: Path, *statements: str):
    """Another program holding the store (a sync tool, a second copy of mentorkit)."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            other.execute(statement)
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _bodies(path: Path) -> dict[str, dict]:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return {rid: json.loads(body) for rid, body in conn.execute("SELECT id, body FROM records")}


@pytest.mark.parametrize("keep", ["header", "first page", "half", "all but the last page"])
def test_a_truncated_store_is_called_damaged_and_left_as_it_is(full_store, keep):
    size = full_store.stat().st_size
    cut = {
        "header": 100,
        "first page": PAGE,
        "half": size // 2,
        "all but the last page": size - PAGE,
    }
    full_store.write_bytes(full_store.read_bytes()[: cut[keep]])
    before = full_store.read_bytes()
    with pytest.raises(StoreCorrupt) as caught:
        with Store.open(full_store, owner="learner") as store:
            store.find()
            store.add(learning_log())
    message = str(caught.value)
    assert "damaged" in message and "has not been changed" in message
    assert "backup" in message and "move this file aside" in message
    assert full_store.read_bytes() == before


def test_random_bytes_behind_a_real_sqlite_header_are_called_damaged(tmp_path):
    path = tmp_path / "mentorkit.db"
    path.write_bytes(b"SQLite format 3\0" + os.urandom(8 * PAGE - 16))
    before = path.read_bytes()
    with pytest.raises(StoreCorrupt) as caught:
        Store.open(path, owner="learner")
    assert "damaged" in str(caught.value)
    assert path.read_bytes() == before


def test_a_store_another_program_will_not_even_let_us_read(full_store):
    before = full_store.read_bytes()
    with _held(full_store, "PRAGMA locking_mode = EXCLUSIVE", "BEGIN EXCLUSIVE"):
        with pytest.raises(StoreLocked) as caught:
            Store.open(full_store, owner="learner", timeout=0.3)
    assert "busy" in str(caught.value) and "press Save again" in str(caught.value)
    assert full_store.read_bytes() == before


def test_a_read_only_folder_refuses_in_words_before_anything_is_written(full_store):
    before = full_store.read_bytes()
    os.chmod(full_store.parent, 0o500)
    try:
        with pytest.raises(StoreReadOnly) as caught:
            Store.open(full_store, owner="learner")
    finally:
        os.chmod(full_store.parent, 0o700)
    assert "read-only" in str(caught.value) and "MENTORKIT_HOME" in str(caught.value)
    assert full_store.read_bytes() == before


@pytest.mark.parametrize("fixture", EARLIER_RELEASES, ids=lambda p: p.stem)
def test_a_store_from_an_earlier_release_keeps_every_entry_when_upgraded(tmp_path, fixture):
    shipped = fixture.read_bytes()
    path = tmp_path / "old.db"
    shutil.copy(fixture, path)
    old_bodies = _bodies(path)
    assert old_bodies, "the fixture should hold entries"
    with Store.open(path, owner="learner") as store:
        assert store.schema_version() == SCHEMA_VERSION
        for rid, body in old_bodies.items():
            upgraded = store.get(rid).content()
            assert {name: upgraded[name] for name in body} == body
    assert _bodies(path) == old_bodies
    assert integrity(path) == "ok"
    assert fixture.read_bytes() == shipped


@pytest.mark.parametrize("fixture", EARLIER_RELEASES, ids=lambda p: p.stem)
def test_an_earlier_release_store_that_is_read_only_is_not_half_upgraded(tmp_path, fixture):
    path = tmp_path / "old.db"
    shutil.copy(fixture, path)
    os.chmod(path, 0o400)
    before = path.read_bytes()
    try:
        with pytest.raises(StoreReadOnly):
            Store.open(path, owner="learner")
    finally:
        os.chmod(path, 0o600)
    assert path.read_bytes() == before


@pytest.mark.parametrize("fixture", EARLIER_RELEASES, ids=lambda p: p.stem)
def test_an_earlier_release_store_held_by_another_program_waits_then_upgrades(tmp_path, fixture):
    path = tmp_path / "old.db"
    shutil.copy(fixture, path)
    before = path.read_bytes()
    with _held(path, "BEGIN IMMEDIATE"):
        with pytest.raises(StoreLocked) as caught:
            Store.open(path, owner="learner", timeout=0.3)
        assert path.read_bytes() == before
    assert "Wait a moment" in str(caught.value)
    with Store.open(path, owner="learner") as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert len(store.find()) + len(store.trash()) == len(_bodies(fixture))
