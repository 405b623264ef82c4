"""The store on a real PostgreSQL server: what goes wrong there, concurrent saves, erasure."""

from __future__ import annotations

import subprocess
import sys
import time
from multiprocessing import get_context

import psycopg
import pytest
from factories import learning_log

from mentorkit.cohort.admin import with_user
from mentorkit.errors import StoreCorrupt, StoreError, StoreLocked, StoreReadOnly, StoreTooNew
from mentorkit.records import MenteeFeedback
from mentorkit.store import SCHEMA_VERSION, PostgresStore, Store


def _sql(url, statement, params=()):
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def test_a_cohort_url_opens_a_postgres_store_and_sets_up_the_tables(pg_url):
    with Store.open(pg_url, owner="learner") as store:
        assert isinstance(store, PostgresStore)
        assert store.owner == "learner" and store.schema_version() == SCHEMA_VERSION


def _prepared(store) -> list[str]:
    return [text for (text,) in store._rows("SELECT statement FROM pg_prepared_statements")]


def test_opening_prepares_what_a_save_runs_and_keeps_nothing_of_it(pg_url):
    # A connection's first save made most of a class's slowest saves (bench/cohort_load.py):
    # opening now runs a save and an edit of a sample entry, and rolls them back.
    with Store.open(pg_url, owner="learner") as store:
        assert store.find() == [] and store.drafts.keys() == []
        ready = _prepared(store)  # still there after other statements (not forgotten)
        for statement in ("INSERT INTO records", "INSERT INTO partners", "INSERT INTO restricted",
                          "UPDATE records"):  # fmt: skip
            assert any(text.startswith(statement) for text in ready), statement
        saved = store.add(MenteeFeedback(rating=5, for_coordinator="only them"))
        store.update(saved.id, rating=4)
        assert sorted(_prepared(store)) == sorted(ready)  # the save used them, as prepared
    # one entry in two revisions: each revision keeps its own part for the coordinator
    for table, rows in {"records": 1, "partners": 1, "revisions": 1, "restricted": 2}.items():
        assert _sql(pg_url, f"SELECT count(*) FROM {table}") == [(rows,)], table
    assert _sql(pg_url, "SELECT id, revision FROM records") == [(saved.id, 2)]


def test_a_role_that_may_not_save_still_opens_and_says_why_on_save(pg_url):
    Store.open(pg_url, owner="learner").close()
    _sql(pg_url, "REVOKE INSERT ON records FROM mentorkit_learner")
    try:
        with Store.open(pg_url, owner="learner") as store:
            assert store.find() == []  # the connection is ready after the refused warm-up
            with pytest.raises(StoreReadOnly) as caught:
                store.add(learning_log())
            assert store.find() == []
    finally:
        _sql(pg_url, "GRANT INSERT ON records TO mentorkit_learner")
    assert "may not do that" in str(caught.value)


def test_the_store_url_can_come_from_the_environment(pg_url, monkeypatch):
    monkeypatch.setenv("MENTORKIT_STORE_URL", pg_url)
    with Store.open(owner="amira") as store:
        saved = store.add(learning_log())
    assert _sql(pg_url, "SELECT owner FROM records WHERE id = %s", (saved.id,)) == [("amira",)]


def test_a_row_held_by_another_window_past_the_timeout(pg_url):
    with Store.open(pg_url, owner="learner") as store:
        saved = store.add(learning_log())
    other = psycopg.connect(with_user(pg_url, "learner"))
    other.execute("SELECT 1 FROM records WHERE id = %s FOR UPDATE", (saved.id,))
    try:
        with Store.open(pg_url, owner="learner", timeout=0.3) as waiting:
            started = time.monotonic()
            with pytest.raises(StoreLocked) as caught:
                waiting.update(saved.id, thoughts="changed")
            assert time.monotonic() - started >= 0.25
    finally:
        other.rollback()
        other.close()
    assert "busy" in str(caught.value) and "press Save again" in str(caught.value)
    with Store.open(pg_url, owner="learner") as store:
        assert store.get(saved.id).revision == 1


def test_a_save_refused_by_the_server_leaves_the_store_ready_for_the_next(pg_url):
    with Store.open(pg_url, owner="learner") as store:
        stray = learning_log().model_copy(update={"partnership": "not-a-partnership"})
        with pytest.raises(StoreReadOnly):
            store.add(stray)  # the policy refuses the record: nothing of it is written
        saved = store.add(learning_log())
        assert [r.revision for r in store.history(saved.id)] == [1]
    assert _sql(pg_url, "SELECT id FROM records") == [(saved.id,)]


def test_an_update_that_waited_too_long_leaves_the_store_ready_for_the_next(pg_url):
    with Store.open(pg_url, owner="learner", timeout=0.3) as store:
        saved = store.add(learning_log())
        other = psycopg.connect(with_user(pg_url, "learner"))
        other.execute("SELECT 1 FROM records WHERE id = %s FOR UPDATE", (saved.id,))
        with pytest.raises(StoreLocked):
            store.update(saved.id, thoughts="held")
        other.rollback()
        other.close()
        assert store.update(saved.id, thoughts="free").revision == 2
        assert [h.thoughts for h in store.history(saved.id)][-1] == "free"


def test_a_database_open_for_reading_only(pg_url):
    Store.open(pg_url, owner="learner").close()
    name = pg_url.rsplit("/", 1)[1]
    _sql(pg_url, f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    with Store.open(pg_url, owner="learner") as store:
        with pytest.raises(StoreReadOnly) as caught:
            store.add(learning_log())
    assert "reading only" in str(caught.value)
    assert _sql(pg_url, "SELECT count(*) FROM records") == [(0,)]
    # A kernel with no logging set up prints nothing of psycopg's own ("error ignored
    # terminating Pipeline") into the page.
    opening = f"from mentorkit.store import Store\nStore.open({pg_url!r}, owner='learner').close()"
    done = subprocess.run([sys.executable, "-c", opening], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == ""


def test_another_programs_database_is_not_taken_for_a_store(pg_url):
    _sql(pg_url, "CREATE TABLE invoices (n integer)")
    with pytest.raises(StoreCorrupt) as caught:
        Store.open(pg_url, owner="learner")
    assert "not a mentorkit store" in str(caught.value)
    assert _sql(pg_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == [
        ("invoices",)
    ]


def test_a_cohort_database_from_a_newer_release(pg_url):
    Store.open(pg_url, owner="learner").close()
    _sql(pg_url, "UPDATE schema_version SET version = %s", (SCHEMA_VERSION + 7,))
    with pytest.raises(StoreTooNew) as caught:
        Store.open(pg_url, owner="learner")
    assert f"schema {SCHEMA_VERSION + 7}" in str(caught.value)


def test_a_server_that_is_not_there_is_explained(pg_server):
    url = f"postgresql://learner@127.0.0.1:{pg_server.port + 1}/nowhere"
    with pytest.raises(StoreError) as caught:
        Store.open(url, timeout=2)
    assert "cannot reach" in str(caught.value) and "Nothing has been changed" in str(caught.value)


def test_a_database_not_yet_made_is_named_and_how_to_make_it_said(pg_server):
    with pytest.raises(StoreError) as caught:
        Store.open(pg_server.url("nodb"), owner="learner", timeout=2)
    said = str(caught.value)
    assert said.startswith('The cohort database "nodb" on 127.0.0.1 does not exist yet.')
    assert "mentorkit cohort init" in said and "Save" not in said


def test_someone_without_an_account_is_told_to_ask_the_coordinator(pg_url):
    with pytest.raises(StoreError) as caught:
        Store.open(with_user(pg_url, "stranger"), owner="stranger")
    assert "do not have an account" in str(caught.value)
    assert "add-learner" in str(caught.value)


def test_a_learner_cannot_set_up_or_upgrade_the_cohort_tables(pg_url):
    with pytest.raises(StoreError) as caught:
        Store.open(with_user(pg_url, "amira"), owner="amira")
    assert "mentorkit cohort init" in str(caught.value)
    assert _sql(pg_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]


def test_a_learner_cannot_choose_another_owner(pg_url):
    Store.open(pg_url, owner="learner").close()
    with pytest.raises(StoreError) as caught:
        Store.open(with_user(pg_url, "amira"), owner="ben")
    assert "signed in" in str(caught.value) and "as amira" in str(caught.value)
    with Store.open(with_user(pg_url, "amira"), owner="amira") as mine:
        assert mine.add(learning_log()).owner == "amira"


def test_the_administrator_account_is_not_used_to_keep_records(pg_url):
    with pytest.raises(StoreError) as caught:
        Store.open(pg_url, owner="postgres")
    assert "every learner's records" in str(caught.value)


def test_purge_leaves_no_row_and_no_search_data_behind(pg_url):
    secret = "Zebra-crossing confession 7731"
    with Store.open(pg_url, owner="ben") as store:
        saved = store.add(MenteeFeedback(rating=4, went_well=secret, for_coordinator=secret))
        store.update(saved.id, even_better=f"{secret} again")
        keep = store.add(learning_log(thoughts="an entry that stays"))
        assert [r.id for r in store.find(text="zebra")] == [saved.id]
        store.purge(saved.id)
        assert store.find(text="Zebra") == [] and [r.id for r in store.find()] == [keep.id]
    for table, column in [
        ("records", "id"), ("revisions", "record_id"), ("restricted", "record_id"),
        ("partners", "partnership"),
    ]:  # fmt: skip
        assert _sql(pg_url, f"SELECT count(*) FROM {table} WHERE {column} = %s", (saved.id,)) == [
            (0,)
        ], table
    found = _sql(pg_url, "SELECT count(*) FROM records WHERE search @@ 'zebra:*'::tsquery")
    assert found == [(0,)]


def test_two_windows_editing_one_record_keep_both_revisions(pg_url):
    with (
        Store.open(pg_url, owner="learner") as first,
        Store.open(pg_url, owner="learner") as second,
    ):
        saved = first.add(learning_log(thoughts="first"))
        stale = second.get(saved.id)
        first.update(saved.id, thoughts="from the first window")
        later = second.update(stale.id, thoughts="from the second window")
        assert later.revision == 3
        assert [h.thoughts for h in first.history(saved.id)] == [
            "first", "from the first window", "from the second window",
        ]  # fmt: skip


def _save_many(url: str, count: int, worker: int) -> int:
    with Store.open(url, owner="learner") as store:
        for n in range(count):
            store.add(learning_log(thoughts=f"worker {worker} entry {n}"))
    return count


def test_eight_processes_saving_at_once_lose_nothing(pg_url):
    Store.open(pg_url, owner="learner").close()
    workers, each = 8, 50
    with get_context("spawn").Pool(workers) as pool:
        results = pool.starmap(_save_many, [(pg_url, each, n) for n in range(workers)])
    assert results == [each] * workers
    with Store.open(pg_url, owner="learner") as store:
        saved = store.find()
        assert len({r.thoughts for r in saved}) == len(saved) == workers * each


def test_a_goal_saved_by_release_six_is_dated_by_the_day_it_was_set_after_the_upgrade(pg_url):
    from datetime import date

    from mentorkit.records import Goal

    with Store.open(pg_url, owner="learner") as store:
        goal = store.add(Goal(specific="Chair a meeting", status="Not started",
                              target_date=date(2099, 3, 31)))  # fmt: skip
    _sql(pg_url, "UPDATE records SET day = '2099-03-31' WHERE id = %s", (goal.id,))
    _sql(pg_url, "UPDATE schema_version SET version = 6")
    with Store.open(pg_url, owner="learner") as old:
        assert old.schema_version() == SCHEMA_VERSION
        assert old.find(since=date(2099, 1, 1)) == []
        assert [r.id for r in old.find(until=date.today())] == [goal.id]
