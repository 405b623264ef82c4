"""Export every record, with every revision, to one zip archive; import it into an empty store.

An archive holds `manifest.json`, `schema.json` (see `schema.py`), `records/<kind>.json`,
`csv/<kind>.csv` and a `README.txt`. The same store always gives the same bytes: no
export time is written, and every zip entry carries a fixed date.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentorkit import __version__
from mentorkit.errors import ArchiveProblem
from mentorkit.records import KINDS, Record, envelope
from mentorkit.store import SCHEMA_VERSION, csv_bytes
from mentorkit.transfer.files import write_safely
from mentorkit.transfer.schema import ARCHIVE_FORMAT, ARCHIVE_VERSION, archive_schema, file_model

Step = Callable[[], None] | None
History = list[Record]

#: The most one entry of an archive may unpack to; more is a damaged or hostile file.
MAX_ENTRY_BYTES = 2 * 1024**3
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)

README = """This is an export of your mentorkit records: everything you kept, with every revision.

records/<kind>.json  every record of one kind, each with all its revisions, oldest first
schema.json          the JSON schema those files follow
csv/<kind>.csv       the latest revision of each record, as a table for spreadsheets
manifest.json        what is in this archive, with a checksum of each file

These are your confidential records: keep this file somewhere only you can open.
To bring them into a new, empty store: mentorkit import THIS-FILE
"""


@dataclass
class Contents:
    """Every record of a store, as histories (oldest revision first), grouped by kind."""

    owner: str
    histories: dict[str, list[History]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(h) for h in self.histories.values())


def record_count(store: Any) -> int:
    """How many records an export will hold (the length of a progress bar)."""
    return len([r for r in store.find() if r.owner == store.owner]) + len(store.trash())


def gather(store: Any, step: Step = None) -> Contents:
    """Every record of the learner's own, live and in the trash, each with its whole history."""
    contents = Contents(owner=store.owner, histories={kind: [] for kind in KINDS})
    for history in store.histories():
        contents.histories[history[0].kind].append(history)
        if step is not None:
            step()
    for histories in contents.histories.values():
        histories.sort(key=lambda h: (h[0].created, h[0].id))  # the same bytes every time
    return contents


def archived(history: History) -> dict[str, Any]:
    """One record as an archive holds it: its envelope, then every revision."""
    first, last = history[0].model_dump(mode="json"), history[-1].model_dump(mode="json")
    return {
        # the record's part of the envelope, as first saved; whether it is in the trash now
        **{name: first[name] for name in envelope.PER_RECORD if name != "deleted"},
        "deleted": last["deleted"],
        "revisions": [
            {
                "revision": rev.revision,
                "saved": rev.model_dump(mode="json")["updated"],
                "tags": list(rev.tags),
                "content": rev.content(),
            }
            for rev in history
        ],
    }


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def archive_files(contents: Contents, *, with_json: bool = True) -> dict[str, bytes]:
    """Every file of the archive, by name, in the order they are written."""
    files: dict[str, bytes] = {}
    for kind, histories in contents.histories.items():
        if with_json:
            records = [archived(h) for h in histories]
            files[f"records/{kind}.json"] = _json({"kind": kind, "records": records})
        files[f"csv/{kind}.csv"] = csv_bytes(KINDS[kind], [h[-1] for h in histories])
    if with_json:
        files["schema.json"] = _json(archive_schema())
    manifest = {
        "format": ARCHIVE_FORMAT,
        "version": ARCHIVE_VERSION,
        "made_by": f"mentorkit {__version__}",
        "store_schema": SCHEMA_VERSION,
        "owner": contents.owner,
        "records": {k: len(h) for k, h in contents.histories.items()},
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
    }
    return {"manifest.json": _json(manifest), "README.txt": README.encode(), **files}


def write_zip(path: str | os.PathLike, files: dict[str, bytes]) -> Path:
    """A zip of `files`, written safely; the same files always give the same bytes."""

    def write(out) -> None:
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
                info.external_attr = 0o600 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)

    return write_safely(path, write)


def export_archive(store: Any, path: str | os.PathLike, *, step: Step = None) -> Contents:
    """Write every record of every kind, every revision, to a zip at `path` (JSON and CSV)."""
    contents = gather(store, step)
    written = write_zip(path, archive_files(contents))
    _remember(store, written, "export")
    return contents


def export_tables(store: Any, path: str | os.PathLike, *, step: Step = None) -> Contents:
    """A zip of CSV tables only (one per kind, current revisions), for spreadsheets."""
    contents = gather(store, step)
    written = write_zip(path, archive_files(contents, with_json=False))
    _remember(store, written, "export")
    return contents


def _remember(store: Any, written: Path, kind: str) -> None:
    from mentorkit.store import note_copy

    if getattr(store, "path", None) is not None:
        note_copy(store.path, written, kind)


# reading an archive back ----------------------------------------------------


def _problem(path: Path, why: str) -> ArchiveProblem:
    return ArchiveProblem(
        f"The archive {path} cannot be imported: {why}. Nothing has been imported and your "
        "store has not been changed."
    )


def read_archive(path: str | os.PathLike) -> Contents:
    """Check a whole archive and return its records; ArchiveProblem names what is wrong."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = _manifest(path, archive)
            contents = Contents(owner=str(manifest.get("owner", "")))
            for name, digest in manifest["files"].items():
                if name.startswith("records/"):
                    kind, histories = _records(path, name, _member(path, archive, name, digest))
                    contents.histories[kind] = histories
    except FileNotFoundError:
        raise _problem(path, "there is no file there") from None
    except IsADirectoryError:
        raise _problem(path, "it is a folder, not an archive") from None
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise _problem(path, "it is not a zip archive, or it is cut short (truncated)") from None
    _check_unique(path, contents)
    return contents


def _manifest(path: Path, archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError:
        raise _problem(path, "it is not a mentorkit export (it has no manifest.json)") from None
    except ValueError:
        raise _problem(path, "its manifest.json is damaged") from None
    if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
        raise _problem(path, "it is not a mentorkit export (its manifest is another program's)")
    # The archive's own version decides whether it can be read; the store schema of the
    # release that made it (also in the manifest) says nothing about the archive's layout.
    version = manifest.get("version")
    if not isinstance(version, int):
        raise _problem(path, "its manifest.json is damaged (no version)")
    if version > ARCHIVE_VERSION:
        raise _problem(
            path,
            f"it was made by a newer mentorkit ({manifest.get('made_by', 'unknown')}); "
            "update mentorkit (make install), then import it again",
        )
    if not isinstance(manifest.get("files"), dict):
        raise _problem(path, "its manifest.json is damaged (no list of files)")
    return manifest


def _member(path: Path, archive: zipfile.ZipFile, name: str, digest: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise _problem(path, f"{name} is missing from it") from None
    if info.file_size > MAX_ENTRY_BYTES:
        raise _problem(path, f"{name} is far too large to be a mentorkit export")
    data = archive.read(info)
    if hashlib.sha256(data).hexdigest() != digest:
        raise _problem(path, f"{name} has been changed or damaged since it was exported")
    return data


def _records(path: Path, name: str, data: bytes) -> tuple[str, list[History]]:
    from pydantic import ValidationError

    try:
        raw = json.loads(data)
    except ValueError as exc:
        raise _problem(path, f"{name} is not valid JSON ({exc})") from None
    kind = raw.get("kind") if isinstance(raw, dict) else None
    if kind not in KINDS:
        raise _problem(
            path, f"{name} holds records of a kind this release does not know ({kind!r}); "
            "it may come from a newer mentorkit",
        )  # fmt: skip
    try:
        parsed = file_model(kind).model_validate(raw)
    except ValidationError as exc:
        raise _problem(path, f"{name} does not follow the schema ({_first(exc)})") from None
    return kind, [_history(path, name, KINDS[kind], r) for r in parsed.records]


def _first(exc: Any) -> str:
    err = exc.errors()[0]
    where = " → ".join(str(part) for part in err["loc"])
    more = f" and {exc.error_count() - 1} more" if exc.error_count() > 1 else ""
    return f"at {where}: {err['msg']}{more}"


def _history(path: Path, name: str, kind: type[Record], archived: Any) -> History:
    numbers = [r.revision for r in archived.revisions]
    if numbers != sorted(set(numbers)):
        raise _problem(path, f"{name}: record {archived.id} has its revisions out of order")
    envelope = archived.model_dump(exclude={"revisions", "deleted"})
    return [
        kind.model_validate(
            {
                **rev.content.model_dump(),
                **envelope,
                "updated": rev.saved,
                "revision": rev.revision,
                "tags": rev.tags,
                "deleted": archived.deleted if rev is archived.revisions[-1] else None,
            },
            context={"stored": True},
        )
        for rev in archived.revisions
    ]


def _check_unique(path: Path, contents: Contents) -> None:
    ids = [h[0].id for histories in contents.histories.values() for h in histories]
    if len(ids) != len(set(ids)):
        raise _problem(path, "it holds two records with the same id")
    owners = {h[0].owner for histories in contents.histories.values() for h in histories}
    if len(owners) > 1:
        raise _problem(path, "it mixes the records of several people")


def import_archive(
    store: Any, path: str | os.PathLike, *, as_me: bool = False, step: Step = None
) -> Contents:
    """Bring an export into an empty store exactly as it was: all of it, or nothing."""
    return import_contents(store, read_archive(path), path, as_me=as_me, step=step)


def import_contents(
    store: Any, contents: Contents, path: str | os.PathLike, *, as_me: bool = False,
    step: Step = None,
) -> Contents:  # fmt: skip
    """Store what `read_archive` found; the records keep their owner unless `as_me`."""
    owners = {h[0].owner for hs in contents.histories.values() for h in hs}
    if owners and owners != {store.owner} and not as_me:
        raise _problem(
            Path(path),
            f"it holds the records of {sorted(owners)[0]!r}, and this store is "
            f"{store.owner!r}'s. To take them as your own, add --as-me "
            f"(mentorkit import {path} --as-me)",
        )
    histories = [h for hs in contents.histories.values() for h in hs]
    if as_me:
        histories = [[r.model_copy(update={"owner": store.owner}) for r in h] for h in histories]
    store.import_records(histories, step=step)
    return contents
