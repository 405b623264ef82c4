"""A store that cannot be used says what happened and what to do, and changes nothing."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from multiprocessing import get_context

import pytest
from factories import learning_log

from mentorkit.errors import StoreCorrupt, StoreError, StoreLocked, StoreReadOnly, StoreTooNew
from mentorkit.store import SCHEMA_VERSION, Store

# Locks, modes and bytes of the file itself; test_store_postgres.py has PostgreSQL's own.
pytestmark = pytest.mark.sqlite_only


def _bytes(path):
    return path.read_bytes()


def test_a_store_locked_by_another_writer_past_the_timeout(store_path):
    Store.open(store_path, owner="learner").close()
    other = sqlite3.connect(store_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(store_path, owner="learner", timeout=0.3) as waiting:
            before = _bytes(store_path)
            started = time.monotonic()
            with pytest.raises(StoreLocked) as caught:
                waiting.add(learning_log())
            assert time.monotonic() - started >= 0.25
    finally:
        other.execute("ROLLBACK")
        other.close()
    message = str(caught.value)
    assert "busy" in message and "press Save again" in message
    assert _bytes(store_path) == before


def test_a_read_only_store_file(store_path):
    Store.open(store_path).close()
    before = _bytes(store_path)
    os.chmod(store_path, 0o400)
    try:
        with pytest.raises(StoreReadOnly) as caught:
            Store.open(store_path)
    finally:
        os.chmod(store_path, 0o600)
    assert "read-only" in str(caught.value) and "MENTORKIT_HOME" in str(caught.value)
    assert _bytes(store_path) == before


def test_random_bytes_are_not_taken_for_a_store(tmp_path):
    path = tmp_path / "mentorkit.db"
    path.write_bytes(os.urandom(8192))
    before = _bytes(path)
    with pytest.raises(StoreCorrupt) as caught:
        Store.open(path)
    assert "not a mentorkit store, or it is damaged" in str(caught.value)
    assert "mentorkit restore" in str(caught.value)
    assert _bytes(path) == before


def test_another_programs_database_is_not_taken_for_a_store(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (n INTEGER)")
    conn.commit()
    conn.close()
    before = _bytes(path)
    with pytest.raises(StoreCorrupt):
        Store.open(path)
    assert _bytes(path) == before


def test_a_store_from_a_newer_release(store_path):
    Store.open(store_path).close()
    conn = sqlite3.connect(store_path)
    conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 7,))
    conn.commit()
    conn.close()
    before = _bytes(store_path)
    with pytest.raises(StoreTooNew) as caught:
        Store.open(store_path)
    assert f"schema {SCHEMA_VERSION + 7}" in str(caught.value)
    assert "Update mentorkit" in str(caught.value)
    assert _bytes(store_path) == before


def test_a_folder_where_the_store_file_should_be(tmp_path):
    (tmp_path / "mentorkit.db").mkdir()
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path / "mentorkit.db")
    assert "is a folder, not a store file" in str(caught.value)


def _save_many(path: str, count: int, worker: int) -> int:
    with Store.open(path, owner="learner") as store:
        for n in range(count):
            store.add(learning_log(thoughts=f"worker {worker} entry {n}"))
    return count


def test_eight_processes_saving_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.db"
    workers, each = 8, 200
    started = time.monotonic()
    with get_context("spawn").Pool(workers) as pool:
        results = pool.starmap(_save_many, [(str(path), each, n) for n in range(workers)])
    elapsed = time.monotonic() - started
    assert results == [each] * workers
    with Store.open(path, owner="learner") as store:
        saved = store.find()
        assert len(saved) == workers * each
        assert len({r.thoughts for r in saved}) == workers * each
    print(f"\n{workers * each} saves from {workers} processes in {elapsed:.1f} s")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
