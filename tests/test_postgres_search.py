"""How PostgreSQL search (mentorkit/store/postgres/search.py) cuts text and typed words into
plain words.

The matching itself runs on a real server in the hostile-input and store tests; these check
the cutting, which decides what can be matched at all.
"""

from __future__ import annotations

from mentorkit.store.postgres.search import TEXT_LIMIT, WORD_LIMIT, indexable, tsquery, words


def test_markup_addresses_and_paths_become_the_words_a_learner_sees():
    assert words("<script>alert('x')</script>") == ["script", "alert", "x", "script"]
    assert words("https://example.org/a_b?c=1") == ["https", "example", "org", "a", "b", "c", "1"]
    assert words("C:\\Users\\Zoë\\notes.txt") == ["C", "Users", "Zoë", "notes", "txt"]


def test_letters_of_every_script_stay_together():
    assert words("café naïve 東京 مرحبا") == ["café", "naïve", "東京", "مرحبا"]


def test_a_very_long_word_is_kept_by_its_start():
    assert words("x" * 5000) == ["x" * WORD_LIMIT]


def test_only_the_start_of_a_huge_entry_is_indexed():
    text = "word " * (TEXT_LIMIT // 2)
    assert len(indexable(text)) <= TEXT_LIMIT
    assert indexable(text).startswith("word word")


def test_each_typed_word_must_appear_and_the_last_part_may_be_the_start_of_a_word():
    assert tsquery(["kestrel", "agai"]) == "('kestrel':*) & ('agai':*)"
    assert tsquery(["alert(1)"]) == "('alert' <-> '1':*)"


def test_quotes_and_backslashes_never_reach_the_query():
    assert tsquery(["o'brien"]) == "('o' <-> 'brien':*)"
    assert tsquery(["a\\b''"]) == "('a' <-> 'b':*)"


def test_nothing_to_search_for_gives_no_query():
    assert tsquery(["<>", "!!", "--"]) is None
    assert tsquery([]) is None
