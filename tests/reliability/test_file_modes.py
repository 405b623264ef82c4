"""Every file that holds a learner's words is theirs alone (0600, in 0700 folders), whatever
the umask: the store, its write-ahead log and shared-memory files, and its backups.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from factories import learning_log

from mentorkit.store import Store


@contextlib.contextmanager
def _permissive_umask():
    old = os.umask(0o000)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_write_ahead_log_and_shared_memory_files_are_private(tmp_path):
    path = tmp_path / "kit" / "mentorkit.db"
    with _permissive_umask(), Store.open(path, owner="learner") as store:
        store.add(learning_log())
        store.drafts.save("learning-log", {"thoughts": "half a thought"})
        sidecars = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
        assert all(p.exists() for p in sidecars)
        modes = {p.name: _mode(p) for p in [path, *sidecars]}
    assert modes == {"mentorkit.db": 0o600, "mentorkit.db-wal": 0o600, "mentorkit.db-shm": 0o600}
    assert _mode(path.parent) == 0o700


def test_a_backup_in_a_new_folder_is_private(tmp_path):
    with Store.open(tmp_path / "kit" / "mentorkit.db", owner="learner") as store:
        store.add(learning_log())
        with _permissive_umask():
            copy = store.backup(tmp_path / "backups" / "mentorkit-backup.db")
    assert _mode(copy) == 0o600
    assert _mode(copy.parent) == 0o700
    assert [p.name for p in copy.parent.iterdir()] == [copy.name]
