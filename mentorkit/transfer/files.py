"""Writing a file the learner asked for, so that a failure never leaves half a file behind."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from mentorkit.errors import ArchiveProblem
from mentorkit.store import private_file

NOT_WRITTEN = "Nothing has been written there and your store has not been changed."


def write_safely(path: str | os.PathLike, write: Callable[[BinaryIO], None]) -> Path:
    """Write under a temporary name beside `path`, then rename: the file is whole or absent.

    The file is readable by its owner alone (0600) from its first byte, and any folder made
    for it is theirs alone (0700): it holds confidential records.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise ArchiveProblem(
            f"{path} is a folder. {NOT_WRITTEN} Give a file name, like {path}/export.zip."
        )
    try:
        if path.parent.exists() and not _writable(path.parent):
            raise PermissionError(errno.EACCES, "permission denied")
        with private_file(path) as partial, open(partial, "r+b") as out:
            write(out)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    return path


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
