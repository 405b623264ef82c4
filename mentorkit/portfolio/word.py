"""A portfolio as a Word document (DOCX): real headings, so it has an outline, and real tables.

python-docx looks a style up by name, and finds where to add a paragraph by scanning the
whole body, every time: a long portfolio took minutes. So each block is built in a small
scratch document and moved into place, and styles are set by their ids, looked up once.
"""

from __future__ import annotations

import io
from typing import Any

from mentorkit.portfolio.blocks import PAPERS
from mentorkit.portfolio.document import Block, Document, Fields, Heading, Paragraph, Table

#: Margins all round, in millimetres: python-docx's template has US Letter with 1-inch ones.
MARGIN = 20


class _Writer:
    """Blocks written into a scratch document, then moved to the end of the real one."""

    def __init__(self, document: Document):
        import docx
        from docx.oxml.ns import qn

        self.doc, self.scratch = docx.Document(), docx.Document()
        self.doc.core_properties.title = document.title
        self.doc.core_properties.author = document.author
        self._paper(document.paper)
        self._ids: dict[str, str] = {}
        self._sect = qn("w:sectPr")
        self._end = self.doc.element.body.find(self._sect)  # found once: the body only grows

    def _paper(self, paper: str) -> None:
        from docx.shared import Mm

        width, height = PAPERS[paper]
        for section in self.doc.sections:
            section.page_width, section.page_height = Mm(width), Mm(height)
            section.left_margin = section.right_margin = Mm(MARGIN)
            section.top_margin = section.bottom_margin = Mm(MARGIN)

    def style_id(self, name: str) -> str:
        if name not in self._ids:
            self._ids[name] = self.scratch.styles[name].style_id
        return self._ids[name]

    def paragraph(self, text: str = "", style: str | None = None, **run_style: Any) -> Any:
        """A paragraph with the text's line breaks kept."""
        paragraph = self.scratch.add_paragraph()
        if style:
            paragraph._p.style = self.style_id(style)
        lines = text.splitlines() or [""]
        for n, line in enumerate(lines):
            run = paragraph.add_run(line)
            for name, value in run_style.items():
                setattr(run, name, value)
            if n < len(lines) - 1:
                run.add_break()
        return paragraph

    def move(self) -> None:
        """Move what the scratch document holds to the end of the portfolio."""
        for element in list(self.scratch.element.body):
            if element.tag != self._sect:
                self._end.addprevious(element)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _repeat_header(row: Any) -> None:
    """Mark a table's first row as its header: repeated on each page, read out by screen readers."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _fill(cell: Any, text: str, **run_style: Any) -> None:
    lines = text.splitlines() or [""]
    for n, line in enumerate(lines):
        run = cell.paragraphs[0].add_run(line)
        for name, value in run_style.items():
            setattr(run, name, value)
        if n < len(lines) - 1:
            run.add_break()


def _table(writer: _Writer, table: Table) -> None:
    if table.caption:
        writer.paragraph(table.caption, "Caption")
    grid = writer.scratch.add_table(rows=len(table.rows) + 1, cols=len(table.header))
    grid._tbl.tblStyle_val = writer.style_id("Table Grid")
    rows = grid.rows
    for cell, text in zip(rows[0].cells, table.header, strict=True):
        _fill(cell, text, bold=True)
    _repeat_header(rows[0])
    for row, values in zip(rows[1:], table.rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            _fill(cell, text)
    writer.paragraph()


def _block(writer: _Writer, block: Block) -> None:
    from docx.shared import Pt, RGBColor

    if isinstance(block, Heading):
        writer.paragraph(block.text, "Title" if block.level == 0 else f"Heading {block.level}")
    elif isinstance(block, Paragraph):
        paragraph = writer.paragraph(block.text, italic=block.quiet or None)
        if block.quiet:
            for run in paragraph.runs:
                run.font.size, run.font.color.rgb = Pt(9.5), RGBColor(0x55, 0x55, 0x55)
    elif isinstance(block, Fields):
        for label, text in block.items:
            name = writer.paragraph(label, bold=True)
            name.paragraph_format.keep_with_next = True  # a label never ends a page
            for part in [p for p in text.split("\n\n") if p.strip()]:
                writer.paragraph(part.strip("\n"))
    else:
        _table(writer, block)


def docx_bytes(document: Document) -> bytes:
    """The portfolio as the bytes of a .docx file."""
    writer = _Writer(document)
    for block in document.blocks:
        _block(writer, block)
        writer.move()
    return writer.bytes()
