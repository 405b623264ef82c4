"""Where the store lives, who owns its records, and making its file private."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from mentorkit.store import errors

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
        if not folder.exists():
            folder.mkdir(parents=True, mode=0o700)
            os.chmod(folder, 0o700)  # mkdir's mode is reduced by the umask
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
