"""Read the hostile input corpus (tests/data/hostile.txt; its header explains the format)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).with_name("data") / "hostile.txt"
EXPECTS = ("accept", "refuse")

_HEADER = re.compile(r"---- (?P<name>\S.*?) :: (?P<expect>\w+)(?P<escapes> escapes)?")
_REPEAT = re.compile(r"@repeat (?P<count>\d+) (?P<unit>.+)")
_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "s": " "}


@dataclass(frozen=True)
class Case:
    """One hostile input: what it is called, its text, and whether the store keeps it."""

    name: str
    text: str
    expect: str

    def __repr__(self) -> str:  # the 11 MB cases would flood a failure report
        return f"Case({self.name!r}, {len(self.text)} characters, {self.expect!r})"


def decode(text: str) -> str:
    """Backslash escapes to characters, lone surrogates included (Python's codecs refuse those)."""

    def one(match: re.Match) -> str:
        code = match.group(1) or match.group(2) or match.group(3)
        if code:
            return chr(int(code, 16))
        if match.group(4) not in _SIMPLE:
            raise ValueError(f"unknown escape \\{match.group(4)} in {CORPUS.name}")
        return _SIMPLE[match.group(4)]

    return _ESCAPE.sub(one, text)


def _body(lines: list[str], escapes: bool) -> str:
    while lines and not lines[-1].strip():
        lines.pop()  # blank lines between cases are layout, not text
    out = []
    for line in lines:
        if repeat := _REPEAT.fullmatch(line):
            out.append(decode(repeat["unit"]) * int(repeat["count"]))
        else:
            out.append(decode(line) if escapes else line)
    return "\n".join(out)


@functools.cache
def load_cases() -> list[Case]:
    """Every case in the corpus, in file order."""
    corpus = CORPUS.read_text(encoding="utf-8")
    cases = []
    for block in re.split(r"^(?=---- )", corpus, flags=re.MULTILINE)[1:]:
        first, _, body = block.partition("\n")
        header = _HEADER.fullmatch(first)
        if header is None or header["expect"] not in EXPECTS:
            raise ValueError(f"{CORPUS.name}: {first!r} should look like '---- name :: accept'")
        text = _body(body.split("\n"), escapes=bool(header["escapes"]))
        cases.append(Case(header["name"], text, header["expect"]))
    return cases
