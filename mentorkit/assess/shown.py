"""An answer cell as the assessor reads it: our framing shown as framing, the learner's
words as the text they typed.

An answer cell is Markdown that `cells.py` writes: "**Question 2**" labels, each answer in
a fence, a practice log as a pipe table with its total, the records chosen under their
titles and field labels. Nothing here renders Markdown: each line is read as one of those
known pieces, and anything else (text a learner typed into the notebook by hand) is
kept as text. Every word is escaped, so markup a learner typed shows as the characters
typed, on the page and in the terminal alike.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

_FENCE = re.compile(r"^(`{3,}|~{3,})[^`]*$")
_QUESTION = re.compile(r"^\*\*Question (\d+)\*\*\s*$")
_STRONG = re.compile(r"^\*\*(.+?)\*\*\s*$")
_LABEL = re.compile(r"^\*([^*\s](?:.*?[^*\s])?)\*\s*$")
_RULE = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+\s*$")
_HEADING = re.compile(r"^###?\s+(.+?)\s*$", re.MULTILINE)
_ASKED = re.compile(r"^(\d+)\.\s+(.+?)\s*$", re.MULTILINE)

_CELL = ' style="border:1px solid #bbb;padding:2px 8px;text-align:left"'
Piece = tuple[str, object]  # ("question", n) ("strong", s) ("label", s) ("text", s) ("table", rows)


def pieces(source: str) -> Iterator[Piece]:
    """The cell's pieces in order: framing, or the learner's text exactly as it stands."""
    lines = source.splitlines()
    typed: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        kind = _framing(line, lines[i + 1] if i + 1 < len(lines) else "")
        if kind is None and line.strip():
            typed.append(line)
            i += 1
            continue
        if typed:
            yield "text", "\n".join(typed).strip("\n")
            typed = []
        if kind == "fence":
            fence, inside, i = _FENCE.match(line).group(1), [], i + 1  # type: ignore[union-attr]
            while i < len(lines) and not _closes(lines[i], fence):
                inside.append(lines[i])
                i += 1
            yield "text", "\n".join(inside)
        elif kind == "table":
            rows = []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                if not _RULE.match(lines[i].strip()):
                    rows.append([c.strip() for c in lines[i].strip().strip("|").split("|")])
                i += 1
            yield "table", rows
            continue
        elif kind is not None:
            yield kind
        i += 1
    if typed:
        yield "text", "\n".join(typed).strip("\n")


def _framing(line: str, following: str) -> Piece | str | None:
    if _FENCE.match(line):
        return "fence"
    if line.lstrip().startswith("|") and _RULE.match(following.strip()):
        return "table"
    if found := _QUESTION.match(line):
        return "question", int(found.group(1))
    if found := _STRONG.match(line):
        return "strong", found.group(1)
    if found := _LABEL.match(line):
        return "label", found.group(1)
    return None


def _closes(line: str, fence: str) -> bool:
    bare = line.strip()
    return bool(bare) and set(bare) == {fence[0]} and len(bare) >= len(fence)


def as_html(source: str, asked: Mapping[int, str] | None = None) -> str:
    """The cell as HTML: headings, question words and the hours table as such; the
    learner's words escaped, their lines kept."""
    out = []
    for kind, value in pieces(source):
        if kind == "question":
            out.append(f'<p class="mk-question"><strong>{_e(_question(value, asked))}</strong></p>')
        elif kind == "strong":
            out.append(f'<p class="mk-framing"><strong>{_e(str(value))}</strong></p>')
        elif kind == "label":
            out.append(f'<p class="mk-framing"><em>{_e(str(value))}</em></p>')
        elif kind == "table":
            head, *rows = value or [[]]  # type: ignore[misc]
            cells = "".join(f'<th scope="col"{_CELL}>{_e(c)}</th>' for c in head)
            body = "".join("<tr>" + "".join(f"<td{_CELL}>{_e(c)}</td>" for c in row) + "</tr>"
                           for row in rows)  # fmt: skip
            out.append(f'<table class="mk-table" style="border-collapse:collapse">'
                       f"<thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>")  # fmt: skip
        else:
            out.append(f'<div class="mk-plain mk-handed-in" style="white-space:pre-wrap">'
                       f"{_e(str(value))}</div>")  # fmt: skip
    return "".join(out)


def as_text(source: str, asked: Mapping[int, str] | None = None, indent: str = "    ") -> list[str]:
    """The cell as plain lines for a terminal: no Markdown signs, the table in columns."""
    out: list[str] = []
    for kind, value in pieces(source):
        if kind == "question":
            out.append(_question(value, asked))
        elif kind in ("strong", "label"):
            said = str(value)
            out.append(f"{said}:" if kind == "label" and said[-1] not in ".:?!" else said)
        elif kind == "table":
            rows = value or []  # type: ignore[assignment]
            widths = [max(len(r[n]) if n < len(r) else 0 for r in rows)
                      for n in range(max(map(len, rows), default=0))]  # fmt: skip
            out += [
                "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip()
                for r in rows
            ]
        else:
            out += [indent + line for line in str(value).splitlines()]
    return out


def _question(number: object, asked: Mapping[int, str] | None) -> str:
    words = (asked or {}).get(int(number))  # type: ignore[call-overload]
    return f"{number}. {words}" if words else f"Question {number}"


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def questions(course_dir: str | Path, assignment: str) -> dict[tuple[str, str], dict[int, str]]:
    """Each answer cell's questions, by (notebook, grade id): the numbered list in the
    question's heading cell above it (`## ` or `### `), as the learner's feedback shows them."""
    found: dict[tuple[str, str], dict[int, str]] = {}
    for path in sorted((Path(course_dir) / "source" / assignment).glob("*.ipynb")):
        current: dict[int, str] = {}
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell.get("source", ""))
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("solution") and meta.get("grade_id"):
                found[(path.stem, meta["grade_id"])] = current
            elif cell.get("cell_type") == "markdown" and _HEADING.search(source):
                current = {}
                for number, words in _ASKED.findall(source):
                    current.setdefault(int(number), words)
    return found
