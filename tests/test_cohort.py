"""`mentorkit cohort`: a coordinator sets up the database and people; a learner moves in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import psycopg
import pytest
from factories import learning_log

from mentorkit.cohort.admin import add_person, init, password_for, with_user
from mentorkit.errors import StoreError
from mentorkit.records import Goal, MenteeFeedback, SessionRecord
from mentorkit.store import Store
from mentorkit.store.schema import migrate


def cohort(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mentorkit.cli.cohort", *args],
        capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.fixture
def admin(pg_server):
    return pg_server.url()


def test_a_coordinator_sets_up_a_cohort_and_adds_people(admin, pg_server, tmp_path):
    secret = tmp_path / "hub-secret"
    secret.write_text("a long random secret\n")
    made = cohort("init", "spring_cohort", "--admin-url", admin)
    assert made.returncode == 0, made.stderr
    assert "spring_cohort is ready" in made.stdout
    again = cohort("init", "spring_cohort", env={"MENTORKIT_ADMIN_URL": admin})
    assert again.returncode == 0, again.stderr
    added = cohort("add-mentor", "dorothea", "--secret-file", str(secret), "--admin-url", admin)
    assert added.returncode == 0 and "dorothea is a mentor" in added.stdout, added.stderr
    unsigned = cohort("add-learner", "zed", "--admin-url", admin)  # the secret forgotten
    assert unsigned.returncode == 0 and "without --secret-file no password" in unsigned.stderr
    listed = cohort("people", "--admin-url", admin)
    assert "dorothea: mentor" in listed.stdout and "cora: coordinator" in listed.stdout

    # Dorothea's server signs in with the password the hub derives from the same secret.
    pg_server.require_password("dorothea")
    url = with_user(
        pg_server.url("spring_cohort"),
        "dorothea",
        password_for(b"a long random secret", "dorothea"),
    )
    with Store.open(url, owner="dorothea") as store:
        assert store.add(learning_log()).owner == "dorothea"
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(with_user(url, "dorothea", "guessed")).close()


def test_names_that_are_not_jupyterhub_names_are_refused(admin):
    done = cohort("add-learner", "pg_monitor", "--admin-url", admin)
    assert done.returncode == 1
    assert "cannot be a cohort member's name" in done.stderr and "Traceback" not in done.stderr


def test_a_coordinator_sees_counts_and_hours(cohort_url):
    add_person(cohort_url, "zed")  # a learner who has saved nothing: the one to check on
    with Store.open(with_user(cohort_url, "amira"), owner="amira") as amira:
        amira.add(SessionRecord(date=date(2026, 10, 6), duration=1.25, summary="Private words"))
        amira.add(SessionRecord(date=date(2026, 10, 20), duration=1))
    shown = cohort("activity", "--url", with_user(cohort_url, "cora"))
    assert shown.returncode == 0, shown.stderr
    assert "amira: 2 × session record (2.25 hours)" in shown.stdout
    assert "zed: nothing saved yet" in shown.stdout and "cora" not in shown.stdout
    with Store.open(with_user(cohort_url, "zed"), owner="zed") as zed:
        zed.add(SessionRecord(date=date(2026, 10, 6), duration=1))
    shown = cohort("activity", "--url", with_user(cohort_url, "cora"))
    assert "zed: 1 × session record (1 hour)" in shown.stdout
    assert "Private words" not in shown.stdout
    refused = cohort("activity", env={"MENTORKIT_STORE_URL": with_user(cohort_url, "amira")})
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "for the cohort's programme coordinators" in refused.stderr


def test_a_coordinator_reads_what_was_written_for_the_coordinator_alone(cohort_url):
    with Store.open(with_user(cohort_url, "amira"), owner="amira") as amira:
        amira.add(MenteeFeedback(rating=4, went_well="Private praise",
                                 for_coordinator="Could we have more mentors?"))  # fmt: skip
    shown = cohort("notes", "--url", with_user(cohort_url, "cora"))
    assert shown.returncode == 0, shown.stderr
    assert "amira, mentee feedback," in shown.stdout
    assert "For the programme coordinator only: Could we have more mentors?" in shown.stdout
    assert "Private praise" not in shown.stdout
    refused = cohort("notes", "--url", with_user(cohort_url, "amira"))
    assert refused.returncode == 1 and "programme coordinators" in refused.stderr


def _laptop_store(path):
    """A learner's own file: an entry edited twice, a goal, and an entry in the trash."""
    with Store.open(path, owner="jo-laptop") as mine:
        edited = mine.add(learning_log(thoughts="first"), tags=["rapport"])
        mine.update(edited.id, thoughts="second")
        mine.update(edited.id, thoughts="third")
        mine.add(Goal(specific="Lead a team meeting", status="Under way"))
        binned = mine.add(learning_log(thoughts="binned"))
        mine.delete(binned.id)
        return edited.id, binned.id


def test_a_learner_moves_their_file_into_the_cohort_with_every_revision(cohort_url, tmp_path):
    path = tmp_path / "mentorkit.db"
    edited, binned = _laptop_store(path)
    env = {"MENTORKIT_STORE_URL": with_user(cohort_url, "ben"), "JUPYTERHUB_USER": "ben"}
    first = cohort("migrate", str(path), env=env)
    assert first.returncode == 0, first.stderr
    assert "3 records looked at, 5 revisions copied" in first.stdout
    with Store.open(with_user(cohort_url, "ben"), owner="ben") as cohort_store:
        history = cohort_store.history(edited)
        assert [h.thoughts for h in history] == ["first", "second", "third"]
        assert {h.owner for h in history} == {"ben"} and history[-1].tags == ["rapport"]
        assert [r.id for r in cohort_store.trash()] == [binned]
        assert len(cohort_store.find()) == 2
        assert [r.id for r in cohort_store.find(text="third")] == [edited]

    with Store.open(path, owner="jo-laptop") as mine:
        mine.update(edited, thoughts="fourth, on the train")
    second = cohort("migrate", str(path), env=env)
    assert "3 records looked at, 1 revisions copied" in second.stdout, second.stderr
    third = cohort("migrate", str(path), env=env)
    assert "0 revisions copied" in third.stdout
    with Store.open(with_user(cohort_url, "ben"), owner="ben") as cohort_store:
        assert [h.revision for h in cohort_store.history(edited)] == [1, 2, 3, 4]


def test_moving_a_file_in_again_never_brings_back_what_was_erased_in_the_cohort(
    cohort_url, tmp_path
):
    path = tmp_path / "mentorkit.db"
    edited, _ = _laptop_store(path)
    env = {"MENTORKIT_STORE_URL": with_user(cohort_url, "ben"), "JUPYTERHUB_USER": "ben"}
    assert cohort("migrate", str(path), env=env).returncode == 0
    with Store.open(with_user(cohort_url, "ben"), owner="ben") as cohort_store:
        cohort_store.purge(edited)
    again = cohort("migrate", str(path), env=env)
    assert again.returncode == 0, again.stderr
    assert "1 record you erased in the cohort database was left out" in again.stdout
    assert "Traceback" not in again.stderr
    with Store.open(with_user(cohort_url, "ben"), owner="ben") as cohort_store:
        assert edited not in {r.id for r in cohort_store.find()}
        assert len(cohort_store.find()) == 1 and len(cohort_store.trash()) == 1


def test_a_cohort_backup_is_a_store_file_with_every_revision(cohort_url, tmp_path):
    with Store.open(with_user(cohort_url, "ben"), owner="ben") as store:
        saved = store.add(learning_log(thoughts="one"))
        store.update(saved.id, thoughts="two")
        copy = store.backup(tmp_path / "ben-backup.db")
    with Store.open(copy, owner="ben") as restored:
        assert [h.thoughts for h in restored.history(saved.id)] == ["one", "two"]


def test_a_cohort_left_by_release_three_is_upgraded_by_the_coordinator_not_a_learner(pg_url):
    with psycopg.connect(pg_url, autocommit=True) as conn, conn.transaction():
        migrate(conn, upto=3, dialect="postgresql")  # the tables release 3 made
    cohort_url, saved = pg_url, "a" * 32
    body = json.dumps(learning_log(thoughts="First words").content())
    with psycopg.connect(with_user(cohort_url, "amira"), autocommit=True) as conn:
        # An entry as release 3 saved it: its current revision in `revisions` too.
        conn.execute(
            "INSERT INTO records (id, kind, created, updated, revision, body)"
            " VALUES (%s, 'learning-log', now(), now(), 1, %s)",
            (saved, body),
        )
        conn.execute(
            "INSERT INTO revisions (record_id, revision, saved, body) VALUES (%s, 1, now(), %s)",
            (saved, body),
        )
    with pytest.raises(StoreError) as refused:
        Store.open(with_user(cohort_url, "amira"), owner="amira")
    assert "Ask your programme coordinator to run: mentorkit cohort init" in str(refused.value)
    init(cohort_url, cohort_url.rsplit("/", 1)[1])
    with Store.open(with_user(cohort_url, "amira"), owner="amira") as amira:
        amira.update(saved, thoughts="Second words")
        assert [h.thoughts for h in amira.history(saved)] == ["First words", "Second words"]
