"""Search on PostgreSQL that finds what SQLite's FTS5 finds.

PostgreSQL's text-search parser reads markup, addresses and paths as tokens of their own
(`tag`, `url`, `file`), which a configuration maps or drops whole: a learner who wrote
`<script>` or a web address could not find it by the words they saw. It also skips words
over 2,047 bytes and refuses a tsvector over 1 MB. So both the text we index and the words
a learner searches for are cut into plain words here first, as FTS5's unicode61 tokenizer
does (letters and digits; everything else separates), before PostgreSQL folds case and
accents with the `mentorkit` configuration.
"""

from __future__ import annotations

import re

#: Letters of one word that are indexed; a longer word is found by its start.
WORD_LIMIT = 500
#: Characters of an entry's text that are indexed on PostgreSQL (FTS5 indexes it all).
TEXT_LIMIT = 100_000

_SEPARATORS = re.compile(r"[\W_]+")


def words(text: str) -> list[str]:
    """The words of a text: runs of letters and digits, each cut to `WORD_LIMIT`."""
    return [w[:WORD_LIMIT] for w in _SEPARATORS.split(text) if w]


def indexable(text: str) -> str:
    """The text PostgreSQL indexes: its plain words, the first `TEXT_LIMIT` characters."""
    return " ".join(words(text[:TEXT_LIMIT]))


def tsquery(typed: list[str]) -> str | None:
    """Every typed word must appear, as a word or the start of one, like FTS5's `"word"*`.

    A typed word made of several (`alert(1)`, `don't`) must appear as that phrase. None
    when nothing typed holds a letter or digit, so nothing can match.
    """
    parts = []
    for word in typed:
        found = words(word)
        if found:
            quoted = [f"'{w}'" for w in found]  # letters and digits only: nothing to escape
            quoted[-1] += ":*"
            parts.append("(" + " <-> ".join(quoted) + ")")
    return " & ".join(parts) or None
