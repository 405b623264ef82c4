"""A portfolio as a PDF, made by fpdf2 (pure Python, no browser) with a Unicode font.

PDF's built-in fonts cover Latin-1 only, so a TrueType font with accents and symbols is
needed: DejaVu Sans or Liberation Sans from the system, or `MENTORKIT_PDF_FONT`.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path
from typing import Any

from mentorkit.errors import ArchiveProblem
from mentorkit.portfolio.blocks import PAPERS
from mentorkit.portfolio.document import Block, Document, Fields, Heading, Paragraph, Table

_FONTS = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("/Library/Fonts/Arial Unicode.ttf", "Arial Unicode.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "arialbd.ttf"),
)
SIZES = {0: 20, 1: 15, 2: 12.5}

# fpdf2 logs each character the font lacks (emoji, mostly); those print as empty boxes,
# and a learner has nothing to do about the log line, so it is not shown on the terminal.
logging.getLogger("fpdf").addHandler(logging.NullHandler())
BODY = 10.5


def _matplotlib_font() -> tuple[str, str] | None:
    """matplotlib ships DejaVu Sans; find it without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"
    return str(folder / "DejaVuSans.ttf"), "DejaVuSans-Bold.ttf"


def find_font() -> tuple[Path, Path]:
    """(regular, bold) TrueType files for the PDF; ArchiveProblem when there are none."""
    chosen = os.environ.get("MENTORKIT_PDF_FONT")
    candidates = [(chosen, Path(chosen).name)] if chosen else []
    candidates += [*_FONTS, *filter(None, [_matplotlib_font()])]
    for regular, bold_name in candidates:
        regular_path = Path(regular)
        if regular_path.is_file():
            bold = regular_path.with_name(bold_name)
            return regular_path, bold if bold.is_file() else regular_path
    raise ArchiveProblem(
        "A PDF needs a font with accents and symbols (such as DejaVu Sans), and none was "
        "found on this computer. Choose Word or web page instead, or install the font "
        "(on Debian or Ubuntu: apt-get install fonts-dejavu-core)."
    )


def _write(pdf: Any, text: str, size: float, *, bold: bool = False, gap: float = 1.5) -> None:
    pdf.set_font("Body", "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def _table(pdf: Any, table: Table) -> None:
    from fpdf.fonts import FontFace

    if table.caption:
        _write(pdf, table.caption, BODY, bold=True, gap=0.5)
    pdf.set_font("Body", "", BODY - 1)
    with pdf.table(headings_style=FontFace(emphasis="BOLD"), text_align="LEFT") as grid:
        for values in (table.header, *table.rows):
            row = grid.row()
            for value in values:
                row.cell(value)
    pdf.ln(3)


def _block(pdf: Any, block: Block) -> None:
    if isinstance(block, Heading):
        pdf.ln(2 if block.level else 0)
        _write(pdf, block.text, SIZES.get(block.level, BODY), bold=True)
    elif isinstance(block, Paragraph):
        if block.quiet:
            pdf.set_text_color(85)
        _write(pdf, block.text, BODY - 1 if block.quiet else BODY)
        pdf.set_text_color(0)
    elif isinstance(block, Fields):
        for label, text in block.items:
            _write(pdf, label, BODY, bold=True, gap=0.3)
            _write(pdf, text, BODY, gap=2)
    else:
        _table(pdf, block)


def pdf_bytes(document: Document) -> bytes:
    """The portfolio as the bytes of a PDF, on A4 unless the document asks for Letter."""
    from fpdf import FPDF

    regular, bold = find_font()
    pdf = FPDF(format=PAPERS[document.paper])
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font("Body", "", str(regular))
    pdf.add_font("Body", "B", str(bold))
    pdf.set_title(document.title)
    pdf.set_author(document.author)
    pdf.set_creator("mentorkit")
    pdf.add_page()
    for block in document.blocks:
        _block(pdf, block)
    return bytes(pdf.output())
