"""Write a notebook from plain cells, so notebooks are reviewed as text and committed clean.

Usage in a maintainer's shell: python tools/nb.py OUT.ipynb < cells.txt, where cells
are separated by lines `## md` or `## code`. Also importable as `write(path, cells)`.
"""

from __future__ import annotations

import sys

import nbformat


def write(path: str, cells: list[tuple[str, str]]) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    for number, (kind, text) in enumerate(cells, 1):
        make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        cell = make(text.strip("\n"))
        cell.id = f"cell-{number}"  # stable ids keep diffs small
        nb.cells.append(cell)
    nbformat.write(nb, path)


def parse(text: str) -> list[tuple[str, str]]:
    cells, kind, lines = [], None, []
    for line in text.splitlines():
        if line.strip() in ("## md", "## code"):
            if kind:
                cells.append((kind, "\n".join(lines)))
            kind, lines = line.strip()[3:], []
        else:
            lines.append(line)
    if kind:
        cells.append((kind, "\n".join(lines)))
    return cells


if __name__ == "__main__":
    write(sys.argv[1], parse(sys.stdin.read()))
