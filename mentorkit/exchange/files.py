"""Writing a file the learner asked for, so that a failure never leaves half a file behind."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from mentorkit.errors import ArchiveProblem

NOT_WRITTEN = "Nothing has been written there and your store has not been changed."


def write_safely(path: str | os.PathLike, write: Callable[[BinaryIO], None]) -> Path:
    """Write under a temporary name beside `path`, then rename: the file is whole or absent.

    The file is made readable by its owner alone (0600): it holds confidential records.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise ArchiveProblem(
            f"{path} is a folder. {NOT_WRITTEN} Give a file name, like {path}/export.zip."
        )
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _writable(path.parent):
            raise PermissionError(errno.EACCES, "permission denied")
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except OSError as exc:
        _discard(partial)
        raise cannot_write(path, exc) from None
    except BaseException:
        _discard(partial)
        raise
    return path


def _discard(partial: Path) -> None:
    """Remove a half-written file, if there is one (there is none if its folder is missing)."""
    try:
        partial.unlink(missing_ok=True)
    except OSError:
        pass


def cannot_write(path: Path, exc: OSError) -> ArchiveProblem:
    """Why a file could not be written, and what to do, in a learner's words."""
    if exc.errno == errno.ENOSPC:
        why = "the disk is full. Free some space and try again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "you cannot write to that folder. Choose a folder you own, like your home folder"
    else:
        why = f"{exc.strerror or exc}. Check the folder exists and try again"
    return ArchiveProblem(f"{path} could not be written: {why}. {NOT_WRITTEN}")


def _writable(folder: Path) -> bool:
    """Writable, and not marked read-only by its owner (root ignores the mode bits)."""
    return os.access(folder, os.W_OK) and bool(folder.stat().st_mode & 0o200)
