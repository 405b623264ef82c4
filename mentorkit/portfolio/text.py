"""A portfolio as a standalone web page (one file that prints well) or as Markdown.

Every piece of the learner's text goes through `html.escape` (and, in Markdown, a
backslash before each character Markdown would act on), so it always shows as typed.
"""

from __future__ import annotations

import html
import re

from mentorkit.portfolio.document import Block, Document, Fields, Heading, Paragraph, Table

CSS = """
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; line-height: 1.5;
  color: #1b1b1b; margin: 0; }
main { max-width: 48rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 2rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.45rem; border-bottom: 2px solid #2a5d84; padding-bottom: 0.2rem;
  margin-top: 2.2rem; }
h3 { font-size: 1.15rem; margin: 1.6rem 0 0.4rem; }
.quiet { color: #555; font-size: 0.92rem; }
dl { margin: 0 0 1rem; }
dt { font-weight: 600; margin-top: 0.6rem; }
dd { margin: 0.1rem 0 0 0; }
dd p { margin: 0 0 0.5rem; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0 1.2rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { border: 1px solid #bbb; padding: 0.35rem 0.5rem; text-align: left;
  vertical-align: top; }
th { background: #eef3f7; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { font-size: 10.5pt; color: #000; }
  main { max-width: none; margin: 0; padding: 0; }
  h2, h3, caption, dt { break-after: avoid; page-break-after: avoid; }
  tr, dt, dd p { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: none; }
}
"""

# Defence in depth: even if some text escaped its escaping, the page runs no script.
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _lines(text: str) -> str:
    """Escaped text with its paragraphs and line breaks kept."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.splitlines()) + "</p>"
        for p in paragraphs
    )


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        tag = f"h{block.level + 1}"
        return f"<{tag}>{html.escape(block.text)}</{tag}>"
    if isinstance(block, Paragraph):
        css = ' class="quiet"' if block.quiet else ""
        return f"<p{css}>{html.escape(block.text)}</p>"
    if isinstance(block, Fields):
        items = "".join(
            f"<dt>{html.escape(label)}</dt><dd>{_lines(text)}</dd>" for label, text in block.items
        )
        return f"<dl>{items}</dl>"
    return _html_table(block)


def _html_table(table: Table) -> str:
    caption = f"<caption>{html.escape(table.caption)}</caption>" if table.caption else ""
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in table.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{_lines(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_body(document: Document) -> str:
    """The portfolio's content as escaped HTML, for a preview inside a page."""
    return "\n".join(_html_block(b) for b in document.blocks)


def to_html(document: Document) -> str:
    """One standalone HTML file: no scripts, no outside files, a print stylesheet."""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="author" content="{html.escape(document.author)}">\n'
        f"<title>{html.escape(document.title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{html_body(document)}\n</main>\n</body>\n</html>\n"
    )


# Markdown ------------------------------------------------------------------

_MD_ANYWHERE = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)]))", re.MULTILINE)


def md_escape(text: str) -> str:
    """Text Markdown shows as typed: raw HTML made inert, markup characters escaped."""
    text = html.escape(text, quote=False)
    text = _MD_ANYWHERE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match) -> str:
    """`# `, `- `, `+ ` and `= ` start markup; so does `1.` (escaped as `1\\.`)."""
    indent, mark = match.groups()
    return indent + (mark + "\\" if mark.isdigit() else "\\" + mark)


def _md_text(text: str) -> str:
    """Escaped text; single line breaks kept as hard breaks."""
    return "  \n".join(line.rstrip() for line in md_escape(text.strip()).splitlines())


def _md_cell(text: str) -> str:
    return "<br>".join(md_escape(line) for line in text.strip().splitlines())


def _md_block(block: Block) -> str:
    if isinstance(block, Heading):
        return "#" * (block.level + 1) + " " + md_escape(block.text)
    if isinstance(block, Paragraph):
        return f"*{_md_text(block.text)}*" if block.quiet else _md_text(block.text)
    if isinstance(block, Fields):
        return "\n\n".join(f"**{md_escape(k)}**  \n{_md_text(v)}" for k, v in block.items)
    lines = [f"**{md_escape(block.caption)}**", ""] if block.caption else []
    lines.append("| " + " | ".join(md_escape(h) for h in block.header) + " |")
    lines.append("|" + "---|" * len(block.header))
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
    return "\n".join(lines)


def to_markdown(document: Document) -> str:
    """The portfolio as Markdown: headings, bold labels and pipe tables."""
    return "\n\n".join(_md_block(b) for b in document.blocks) + "\n"
