"""Privacy in a cohort is kept by PostgreSQL itself: raw SQL as each learner's role sees only
what row-level security lets through, whatever the Python code does."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest
from factories import COORDINATOR_ONLY

from mentorkit.cohort import admin as cohort
from mentorkit.cohort.admin import with_user
from mentorkit.errors import RecordNotFound, StoreReadOnly
from mentorkit.records import Profile, SessionRecord


def test_learner_b_reads_none_of_learner_a_private_rows_with_raw_sql(group):
    ids = group.private
    assert group.sql("ben", "SELECT count(*) FROM records WHERE owner = 'amira'"
                     " AND audience = 'private'") == [(0,)]  # fmt: skip
    assert group.sql("ben", "SELECT count(*) FROM records WHERE id = ANY(%s)", (ids,)) == [(0,)]
    assert group.sql("ben", "SELECT count(*) FROM revisions WHERE record_id = ANY(%s)", (ids,)) == [
        (0,)
    ]
    assert group.sql("ben", "SELECT count(*) FROM drafts WHERE owner = 'amira'") == [(0,)]
    # The same rows are there: amira reads all of them.
    assert group.sql("amira", "SELECT count(*) FROM records WHERE id = ANY(%s)", (ids,)) == [(3,)]
    assert group.sql("amira", "SELECT count(*) FROM revisions WHERE record_id = ANY(%s)",
                     (ids,)) == [(3,)]  # fmt: skip
    with group.store("ben") as ben:
        with pytest.raises(RecordNotFound):
            ben.get(ids[0])
        assert ben.find(text="doubts") == []


def test_learner_b_cannot_change_or_forge_learner_a_rows_with_raw_sql(group):
    assert group.sql("ben", "UPDATE records SET body = '{}' WHERE owner = 'amira'") == 0
    assert group.sql("ben", "DELETE FROM revisions WHERE record_id = %s", (group.session,)) == 0
    assert group.sql("amira", "SELECT revision FROM revisions WHERE record_id = %s",
                     (group.session,)) == [(1,)]  # fmt: skip
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        group.sql(
            "ben",
            "INSERT INTO records (id, kind, owner, created, updated, revision, body)"
            " VALUES ('forged', 'learning-log', 'amira', now(), now(), 1, '{}')",
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        group.sql("carol", "INSERT INTO partners VALUES (%s, 'carol')", (group.partnership,))


def test_both_partners_see_the_partnership_and_add_to_its_sessions(group):
    with group.store("ben") as ben:
        seen = {r.id for r in ben.find()}
        assert {group.partnership, group.session, group.feedback} <= seen
        assert [r.summary for r in ben.history(group.session)] == [
            "Goals for the term", "Goals for the term, and how we will meet"
        ]  # fmt: skip
        mine = ben.add(SessionRecord(date=date(2026, 10, 20), partnership=group.partnership))
        with pytest.raises(StoreReadOnly):
            ben.update(group.session, summary="Ben rewrites Amira's notes")
    with group.store("amira") as amira:
        assert mine.id in {r.id for r in amira.find(SessionRecord)}
        assert amira.get(group.session).summary == "Goals for the term, and how we will meet"


def test_a_learner_outside_the_partnership_sees_none_of_it_and_cannot_add_to_it(group):
    assert group.sql("carol", "SELECT count(*) FROM records") == [(0,)]
    assert group.sql("carol", "SELECT count(*) FROM revisions") == [(0,)]
    with group.store("carol") as carol:
        with pytest.raises(StoreReadOnly):
            carol.add(SessionRecord(date=date(2026, 10, 20), partnership=group.partnership))


def test_the_coordinator_box_of_feedback_is_for_its_author_and_coordinators_only(group):
    with group.store("amira") as amira:
        seen = amira.get(group.feedback)
        assert seen.went_well == "Clear goals" and seen.for_coordinator is None
        assert amira.find(text="Quokka") == []
        assert [h.for_coordinator for h in amira.history(group.feedback)] == [None]
    assert group.sql("amira", "SELECT count(*) FROM restricted") == [(0,)]
    assert group.sql("amira", "SELECT count(*) FROM records WHERE search @@ 'quokka'") == [(0,)]
    with group.store("ben") as ben:
        assert ben.get(group.feedback).for_coordinator == COORDINATOR_ONLY
        assert [r.id for r in ben.find(text="quokka")] == [group.feedback]
    notes = group.sql("cora", "SELECT owner, body FROM coordinator_notes")
    assert notes == [("ben", {"for_coordinator": COORDINATOR_ONLY})]


def test_coordinators_see_counts_and_hours_never_words(group):
    assert group.sql("cora", "SELECT count(*) FROM records") == [(0,)]
    activity = cohort.activity(with_user(group.url, "cora"))
    assert ("amira", "session-record", 1, 1.5) in activity
    assert ("ben", "learning-log", 1, 0.0) in activity
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        group.sql("ben", "SELECT * FROM cohort_activity")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        group.sql("amira", "SELECT * FROM coordinator_notes")


def test_a_profile_is_read_by_every_learner_while_a_learning_log_stays_private(group):
    with group.store("amira") as amira:
        shown = amira.add(Profile(name="Amira", role="Mentor", availability="Available",
                                  skills="Patient listening"))  # fmt: skip
        amira.update(shown.id, availability="Not available")
    for name in ("carol", "ben"):
        assert group.sql(name, "SELECT owner, body->>'availability' FROM records"
                         " WHERE kind = 'profile'") == [("amira", "Not available")]  # fmt: skip
        assert group.sql(name, "SELECT revision FROM revisions WHERE record_id = %s",
                         (shown.id,)) == [(1,)]  # fmt: skip  # the one it replaced
        assert group.sql(name, "SELECT count(*) FROM records WHERE kind = 'learning-log'"
                         " AND owner = 'amira'") == [(0,)]  # fmt: skip
    with group.store("carol") as carol:
        assert [r.id for r in carol.find(text="patient")] == [shown.id]
        assert carol.find(text="doubts") == []
        with pytest.raises(StoreReadOnly):
            carol.update(shown.id, availability="Available")
    assert group.sql("carol", "UPDATE records SET body = '{}' WHERE id = %s", (shown.id,)) == 0
