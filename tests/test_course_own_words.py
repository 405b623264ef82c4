"""The course is written in our own sentences: no run of ten words from the source material.

The documents mentorkit was started from (../shared/sources/) may give facts, never
sentences. They sit beside the repository, not in it, so CI has no copy: the test
compares the course with hashes of their ten-word runs, kept in tests/data/. When the
sources are at hand, a second test checks the hashes are theirs; after a source changes,
`python tests/test_course_own_words.py` writes them afresh.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"
HASHES = Path(__file__).with_name("data") / "source_shingles.txt"
RUN = 10  # words in a row that make a copied sentence, not a shared phrase


def words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def shingle(run: list[str]) -> str:
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:16]


def shingles(text: str) -> dict[str, str]:
    """Each run of RUN words in the text, by its hash."""
    found = words(text)
    return {shingle(found[i : i + RUN]): " ".join(found[i : i + RUN])
            for i in range(len(found) - RUN + 1)}  # fmt: skip


def source_hashes() -> set[str]:
    found: set[str] = set()
    for path in sorted(SOURCES.glob("*.txt")):
        found |= set(shingles(path.read_text(encoding="utf-8")))
    return found


def _learner_words(path: Path) -> str:
    if path.suffix == ".json":
        return path.read_text(encoding="utf-8")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


COURSE = sorted((ROOT / "course").rglob("*.ipynb"))
DATA = sorted((ROOT / "mentorkit" / "data").rglob("*.json"))


@pytest.mark.parametrize("path", [*COURSE, *DATA], ids=[p.stem for p in [*COURSE, *DATA]])
def test_no_page_shares_ten_words_in_a_row_with_the_source_material(path):
    known = set(HASHES.read_text(encoding="utf-8").split())
    copied = [run for key, run in shingles(_learner_words(path)).items() if key in known]
    assert copied == [], f"{path.name} copies the sources: {copied[:3]}"


def test_the_kept_hashes_are_those_of_the_sources():
    if not SOURCES.is_dir():
        pytest.skip("../shared/sources is not beside this checkout (as on CI)")
    kept = set(HASHES.read_text(encoding="utf-8").split())
    assert kept == source_hashes(), "run python tests/test_course_own_words.py to refresh them"


def test_a_copied_sentence_is_caught_and_a_shared_phrase_is_not():
    if not SOURCES.is_dir():
        pytest.skip("../shared/sources is not beside this checkout (as on CI)")
    source = (SOURCES / sorted(p.name for p in SOURCES.glob("*.txt"))[0]).read_text()
    copied = " ".join(words(source)[40 : 40 + RUN])
    known = set(HASHES.read_text(encoding="utf-8").split())
    assert set(shingles(f"As we said, {copied}, and more.")) & known
    assert not set(shingles("in line with UK GDPR and the Data Protection Act 2018")) & known


if __name__ == "__main__":
    HASHES.write_text("\n".join(sorted(source_hashes())) + "\n", encoding="utf-8")
    print(f"{HASHES}: {len(source_hashes())} runs of {RUN} words")
