"""The pieces a portfolio is made of: headings, paragraphs, field lists and tables.

Every writer (DOCX, HTML, Markdown, PDF) turns these into its own format; the document
and the hours summary build them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 0 the title, 1 a section, 2 a record


@dataclass(frozen=True)
class Paragraph:
    text: str
    quiet: bool = False  # a note, shown smaller


@dataclass(frozen=True)
class Fields:
    items: tuple[tuple[str, str], ...]  # (label, text); text may hold several lines


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


Block = Heading | Paragraph | Fields | Table

#: Paper a portfolio is printed on: (width, height) in millimetres. A4 unless asked.
PAPERS = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}


@dataclass(frozen=True)
class Document:
    title: str
    author: str
    blocks: tuple[Block, ...]
    paper: str = "A4"  # one of PAPERS
