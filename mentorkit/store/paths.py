"""Where the store lives, who owns its records, and making its files private."""

from __future__ import annotations

import contextlib
import getpass
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from mentorkit.store.sqlite import errors

FILE_NAME = "mentorkit.db"


def default_path() -> Path:
    """`$MENTORKIT_HOME/mentorkit.db`, else the platform's user data folder."""
    home = os.environ.get("MENTORKIT_HOME")
    if home:
        return Path(home).expanduser() / FILE_NAME
    import platformdirs

    return Path(platformdirs.user_data_dir("mentorkit", appauthor=False)) / FILE_NAME


def owner_name() -> str:
    """Whose records these are: the JupyterHub user, else the person logged in."""
    return os.environ.get("JUPYTERHUB_USER") or getpass.getuser()


def prepare_file(path: Path, *, create: bool = True) -> None:
    """Make the folder (0700) and, when asked, an empty file (0600); refuse what we can't use."""
    if path.is_dir():
        raise errors.StoreError(
            f"{path} is a folder, not a store file. Nothing has been changed. "
            "Move the folder aside, or point MENTORKIT_HOME somewhere else."
        )
    folder = path.parent
    try:
        private_folder(folder)
        if create and not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            os.chmod(path, 0o600)
    except FileExistsError:
        pass  # another kernel created it a moment ago
    except OSError as exc:
        if exc.errno == 28:
            raise errors.full(path) from None
        raise errors.read_only(path) from None
    if not _writable(folder) or (path.exists() and not _writable(path)):
        raise errors.read_only(path)


def _writable(path: Path) -> bool:
    """Writable, and not marked read-only by its owner (root ignores the mode bits)."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o200)


def private_folder(folder: Path) -> None:
    """Make `folder`, and each folder above it that is missing, readable by its owner alone."""
    missing = [f for f in (folder, *folder.parents) if not f.exists()]
    for one in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another kernel made it a moment ago
            one.mkdir(mode=0o700)  # asked for 0700 from the start: the umask only narrows it
            os.chmod(one, 0o700)  # and an odd umask must not leave it unwritable


@contextlib.contextmanager
def private_file(path: Path) -> Iterator[Path]:
    """A new file for `path` that no one else can open, even while it is written.

    Created empty (0600) under a temporary name beside `path`, which the caller writes
    (itself, or through SQLite or a library given the name); then flushed to disk and
    renamed into place, whole. If anything fails, nothing is left behind.
    """
    private_folder(path.parent)
    partial = create_private(path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial"))
    try:
        yield partial
        _flush(partial)
        os.replace(partial, path)
        with contextlib.suppress(OSError):  # the file is whole and in place already
            _flush(path.parent)
    finally:
        for leftover in ("", "-journal", "-wal", "-shm"):  # SQLite's, beside a copy
            with contextlib.suppress(OSError):
                partial.with_name(partial.name + leftover).unlink()


def create_private(path: Path) -> Path:
    """An empty file at `path` that only its owner may open, from its first byte (0600);
    whatever was there is replaced. Copies and SQLite then write into it, keeping the mode."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    return path


def _flush(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
