"""The learner's portfolio: chosen records as a Word document, a web page, Markdown or PDF.

doc = build(store, Selection(kinds=("evidence", "goal")))   # what goes in, in order
export_portfolio(store, "portfolio.docx")                    # the format from the suffix
builder()                                                    # the widget: pick, preview, download
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mentorkit.errors import ArchiveProblem
from mentorkit.portfolio.document import (
    DEFAULT_KINDS,
    OFFERED_KINDS,
    READER,
    Document,
    PersonalProfile,
    Selection,
    build,
)

#: format -> (what the learner calls it, file suffix, media type)
FORMATS = {
    "docx": (
        "Word document", ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "html": ("Web page", ".html", "text/html"),
    "md": ("Markdown", ".md", "text/markdown"),
    "pdf": ("PDF", ".pdf", "application/pdf"),
}  # fmt: skip


def render(document: Document, fmt: str) -> bytes:
    """The portfolio in one of FORMATS, as the bytes of its file."""
    if fmt == "docx":
        from mentorkit.portfolio.word import docx_bytes

        return docx_bytes(document)
    if fmt == "pdf":
        from mentorkit.portfolio.pdf import pdf_bytes

        return pdf_bytes(document)
    from mentorkit.portfolio.text import to_html, to_markdown

    if fmt == "html":
        return to_html(document).encode("utf-8")
    if fmt == "md":
        return to_markdown(document).encode("utf-8")
    raise ArchiveProblem(
        f"There is no portfolio format {fmt!r}; choose one of {', '.join(FORMATS)}."
    )


def format_of(path: str | os.PathLike) -> str:
    """The format a file name asks for, from its suffix (`.docx`, `.html`, `.md`, `.pdf`)."""
    suffix = Path(path).suffix.lower()
    for fmt, (_, ending, _) in FORMATS.items():
        if suffix == ending or (fmt == "html" and suffix == ".htm"):
            return fmt
    raise ArchiveProblem(
        f"{path} does not end in a portfolio format; end it in one of "
        f"{', '.join(f[1] for f in FORMATS.values())}."
    )


def export_portfolio(
    store: Any, path: str | os.PathLike, fmt: str | None = None,
    selection: Selection | None = None,
) -> Path:  # fmt: skip
    """Write the portfolio to `path`, safely (whole or not at all), readable by you alone."""
    from mentorkit.store import note_copy
    from mentorkit.transfer import write_safely

    data = render(build(store, selection), fmt or format_of(path))
    written = write_safely(path, lambda out: out.write(data))
    if getattr(store, "path", None) is not None:
        note_copy(store.path, written, "portfolio")
    return written


__all__ = [
    "DEFAULT_KINDS", "FORMATS", "OFFERED_KINDS", "READER", "Document", "PersonalProfile",
    "Selection", "build", "export_portfolio", "format_of", "render",
]  # fmt: skip
