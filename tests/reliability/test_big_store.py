"""A journal of thousands of entries saves and searches as quickly as a new one.

Work is counted in SQLite's own steps (a progress handler), not in seconds, so the
tests say the same on a slow machine as on a fast one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from factories import learning_log

from mentorkit.store import Store

SMALL, BIG = 200, 8_000


def _journal(path, size: int):
    """A store of `size` entries (brought in as one import); every 100th names a kestrel,
    and only the first and the 4,000th an osprey."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    entries = [
        learning_log(thoughts=f"entry {n}{_birds(n)}").model_copy(
            update={
                "id": f"e{n}",
                "owner": "learner",
                "revision": 1,
                "created": start + timedelta(seconds=n),
                "updated": start,
            }
        )
        for n in range(size)
    ]
    store = Store.open(path, owner="learner")
    store.import_records([entry] for entry in entries)
    return store


def _birds(n: int) -> str:
    return (" kestrel" if n % 100 == 0 else "") + (" osprey" if n % 4000 == 0 else "")


def _steps(store, action) -> int:
    """How many thousand SQLite steps `action` takes."""
    counted = [0]

    def tick() -> int:
        counted[0] += 1
        return 0

    store._conn.set_progress_handler(tick, 1000)
    try:
        action()
    finally:
        store._conn.set_progress_handler(None, 0)
    return counted[0]


@pytest.fixture(scope="module")
def journals(tmp_path_factory):
    folder = tmp_path_factory.mktemp("journals")
    small, big = _journal(folder / "small.db", SMALL), _journal(folder / "big.db", BIG)
    yield small, big
    small.close()
    big.close()


def test_a_save_costs_the_same_in_a_big_journal_as_in_a_small_one(journals):
    small, big = journals
    costs = [_steps(store, lambda s=store: s.add(learning_log())) for store in (small, big)]
    assert costs[1] <= 2 * costs[0] + 5, costs


def test_an_edit_and_an_erasure_cost_the_same_in_a_big_journal(journals):
    small, big = journals
    edits = [_steps(s, lambda s=s: s.update("e7", thoughts="changed my mind")) for s in journals]
    purges = [_steps(s, lambda s=s: s.purge("e8")) for s in journals]
    assert edits[1] <= 2 * edits[0] + 5, edits
    assert small.find(text="changed my mind")[0].id == big.find(text="changed my mind")[0].id
    assert purges[1] <= 3 * purges[0] + 50, purges


def test_a_search_reads_what_it_matched_not_the_whole_journal(journals):
    small, big = journals
    found = [s.find(text="kestrel") for s in journals]
    assert [len(f) for f in found] == [SMALL // 100, BIG // 100]
    assert [len(s.find(text="osprey")) for s in journals] == [1, 2]
    steps = [_steps(s, lambda s=s: s.find(text="osprey")) for s in journals]
    assert steps[1] <= 2 * steps[0] + 5, steps
