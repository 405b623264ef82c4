"""Getting records out and back in: export everything (JSON and CSV), import, write safely."""

from __future__ import annotations

from mentorkit.store import neutralise
from mentorkit.transfer.archive import (
    Contents,
    export_archive,
    export_tables,
    import_archive,
    import_contents,
    read_archive,
    record_count,
)
from mentorkit.transfer.files import write_safely
from mentorkit.transfer.schema import ARCHIVE_VERSION, archive_schema

__all__ = [
    "ARCHIVE_VERSION", "Contents", "archive_schema", "export_archive", "export_tables",
    "import_archive", "import_contents", "neutralise", "read_archive", "record_count",
    "write_safely",
]  # fmt: skip
