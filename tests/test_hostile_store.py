"""Whatever a learner types goes into the store and comes back exactly, or is refused in words.

Every case of tests/data/hostile.txt goes into every text box of a learning log entry, on
SQLite and on PostgreSQL, and is found again by the words it starts with.
"""

from __future__ import annotations

import pytest
from factories import learning_log
from hostile import load_cases

from mentorkit.errors import ValidationProblem
from mentorkit.records import LearningLogEntry, validate

KIND = LearningLogEntry
TEXT_FIELDS = [spec for spec in KIND.specs() if spec.is_text]
CASES = load_cases()
pytestmark = pytest.mark.both_backends


def _typed(text: str) -> dict:
    """A complete entry, as a form sends it, with the hostile text in every text box."""
    return {**learning_log().content(), **{spec.name: text for spec in TEXT_FIELDS}}


def _search_words(text: str) -> str:
    """What a learner would type into the search box: the start of the text."""
    return text[:200]


def test_the_corpus_is_big_enough_and_covers_both_outcomes():
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)
    assert {case.expect for case in CASES} == {"accept", "refuse"}
    assert max(len(case.text.encode("utf-8", "surrogatepass")) for case in CASES) > 11_000_000


@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "accept"], ids=lambda c: c.name)
def test_hostile_text_is_saved_found_and_framed_exactly(store, case):
    saved = store.add(validate(KIND, _typed(case.text)))
    again = store.get(saved.id)
    assert all(getattr(again, spec.name) == case.text for spec in TEXT_FIELDS)

    query = _search_words(case.text)
    found = [entry.id for entry in store.find(KIND, text=query)]
    if any(ch.isalnum() for ch in query):
        assert found == [saved.id]

    frame = store.frame(KIND)
    assert frame["id"].tolist() == [saved.id]
    row = frame.iloc[0]
    assert all(row[spec.name] == case.text for spec in TEXT_FIELDS)


@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "refuse"], ids=lambda c: c.name)
def test_text_the_store_cannot_keep_is_refused_naming_every_box(store, case):
    with pytest.raises(ValidationProblem) as caught:
        validate(KIND, _typed(case.text))
    refusal = caught.value
    assert set(refusal.problems) == {spec.name for spec in TEXT_FIELDS}
    for spec in TEXT_FIELDS:
        assert f"{spec.label}: " in str(refusal)
        assert len(refusal.problems[spec.name]) > 20  # words, not a code

    kept = store.add(learning_log())
    with pytest.raises(ValidationProblem):
        store.update(kept.id, thoughts=case.text)
    assert store.get(kept.id) == kept and len(store.history(kept.id)) == 1
