"""Attacks on a cohort's database by its own members, each made as the attack: raw SQL as the
attacker's own role, on a real PostgreSQL server. Row-level security must refuse them all."""

from __future__ import annotations

import contextlib
import json
import secrets

import psycopg
import pytest
from factories import COORDINATOR_ONLY, sql_as

from mentorkit.cohort import admin as cohort
from mentorkit.cohort import proposals
from mentorkit.cohort.admin import with_user
from mentorkit.records import MenteeFeedback, Partnership, Proposal, ProposalResponse
from mentorkit.store import SCHEMA_VERSION
from mentorkit.store.schema import migrate

REFUSED = psycopg.errors.InsufficientPrivilege
ACCEPTED = {"decision": proposals.ACCEPT, "comment": "Gladly", "version": 1}


def _file(where, owner: str, kind: str, body: dict, *, partnership=None, record_id=None) -> str:
    """A record written with raw SQL, over a connection or an address (as it signs in)."""
    record_id = record_id or secrets.token_hex(16)
    with contextlib.ExitStack() as stack:
        if isinstance(where, str):
            where = stack.enter_context(psycopg.connect(where, autocommit=True))
        where.execute(
            "INSERT INTO public.records (id, kind, owner, created, updated, revision, body,"
            " audience, partnership) VALUES (%s, %s, %s, now(), now(), 1, %s, 'partner', %s)",
            (record_id, kind, owner, json.dumps(body), partnership),
        )
    return record_id


def _as(group, name: str) -> str:
    return with_user(group.url, name)


@pytest.fixture
def proposal(group) -> str:
    """Ben has proposed to Amira, and let her read it, as `proposals.propose` does."""
    with group.store("ben") as ben:
        made = ben.add(Proposal(mentor="amira", wanted="Leading a team", status=proposals.WAITING))
        for member in ("amira", "ben"):
            ben.add_partner(made.id, member)
    return made.id


def _filed_under(group, name: str, partnership: str) -> int:
    """How many records filed in a partnership `name` reads."""
    statement = "SELECT count(*) FROM records WHERE partnership = %s"
    return group.sql(name, statement, (partnership,))[0][0]


def _status(group, name: str, proposal_id: str) -> str:
    with group.store(name) as store:
        return proposals.status(proposals.thread(store, proposal_id))


# 1. Filing a record in someone else's partnership by editing it there --------------------


def test_a_learner_cannot_move_his_record_into_a_partnership_he_is_not_in(group):
    mine = _file(_as(group, "carol"), "carol", "session-record", {"summary": "Planted"})
    with pytest.raises(REFUSED):
        group.sql("carol", "UPDATE records SET partnership = %s WHERE id = %s",
                  (group.partnership, mine))  # fmt: skip
    for partner in ("amira", "ben"):
        assert group.sql(partner, "SELECT count(*) FROM records WHERE owner = 'carol'") == [(0,)]


def test_a_record_left_in_an_erased_partnership_stays_its_owners_to_edit_and_trash(group):
    """The check on moving a record into a partnership must not lock its owner out of it
    once the partnership is gone: Ben's feedback stays his, and nobody else's to read."""
    with group.store("amira") as amira:
        amira.purge(group.partnership)
    with group.store("ben") as ben:
        ben.update(group.feedback, went_well="Still mine to change")
        ben.delete(group.feedback)
        ben.restore(group.feedback)
        assert ben.get(group.feedback).went_well == "Still mine to change"
    assert group.sql("amira", "SELECT count(*) FROM records WHERE owner = 'ben'") == [(0,)]
    with pytest.raises(REFUSED):  # and it cannot be moved into Carol's partnership instead
        with group.store("carol") as carol:
            theirs = carol.add(Partnership(partner="dan", my_role="Mentor", status="Active"))
        group.sql("ben", "UPDATE records SET partnership = %s WHERE id = %s",
                  (theirs.id, group.feedback))  # fmt: skip


# 2. Answering a proposal for the mentor ---------------------------------------------------


def test_a_mentee_cannot_answer_his_own_proposal(group, proposal):
    with pytest.raises(REFUSED):
        _file(_as(group, "ben"), "ben", "proposal-response", {"proposal": proposal, **ACCEPTED},
              partnership=proposal)  # fmt: skip
    # Nor by turning a session he files with his mentor into an answer.
    session = _file(_as(group, "ben"), "ben", "session-record", {}, partnership=proposal)
    with pytest.raises(REFUSED):
        group.sql("ben", "UPDATE records SET kind = 'proposal-response', body = %s WHERE id = %s",
                  (json.dumps({"proposal": proposal, **ACCEPTED}), session))  # fmt: skip
    assert _status(group, "amira", proposal) == proposals.WAITING
    with group.store("amira") as amira:  # the mentor it names answers as ever
        amira.add(ProposalResponse(proposal=proposal, partnership=proposal, **ACCEPTED))
    assert _status(group, "ben", proposal) == proposals.ACCEPTED


def test_an_answer_in_one_proposal_cannot_speak_for_another(group, proposal):
    # Amira is the mentor named by a proposal of Carol's, and a member of Ben's: an answer
    # filed in Carol's must not answer Ben's.
    with group.store("carol") as carol:
        other = carol.add(Proposal(mentor="amira", wanted="Anything", status=proposals.WAITING))
        carol.add_partner(other.id, "amira")
    forged = {"proposal": proposal, **ACCEPTED}
    with pytest.raises(REFUSED):
        _file(_as(group, "amira"), "amira", "proposal-response", forged, partnership=other.id)


def test_the_thread_ignores_an_answer_written_by_anyone_but_the_named_mentor(group, proposal):
    # As a cohort's database took from any member before schema 6 refused it.
    _file(group.url, "ben", "proposal-response", {"proposal": proposal, **ACCEPTED},
          partnership=proposal)  # fmt: skip
    for name in ("amira", "ben"):
        assert _status(group, name, proposal) == proposals.WAITING
        with group.store(name) as store:
            assert [s.owner for s in proposals.thread(store, proposal)] == ["ben"]  # the proposal


def test_a_mentee_cannot_write_his_proposal_an_outcome_or_a_later_version(group, proposal):
    """Found by review: a forged 'later version' naming another mentor, marked Accepted,
    was believed by the thread; so was a status of Accepted written into the proposal."""
    forged = (
        "INSERT INTO revisions (record_id, revision, saved, body) SELECT id, 99, now(),"
        " jsonb_set(jsonb_set(body, '{mentor}', '\"carol\"'), '{status}', '\"Accepted\"')"
        " FROM records WHERE id = %s"
    )
    with pytest.raises(REFUSED):
        group.sql("ben", forged, (proposal,))
    with pytest.raises(REFUSED):  # nor a stand-in for the version there is now
        group.sql("ben", forged.replace("99", "revision"), (proposal,))
    group.sql("ben", "UPDATE records SET body = jsonb_set(body, '{status}', '\"Accepted\"'),"
              " revision = 2 WHERE id = %s", (proposal,))  # fmt: skip
    for name in ("amira", "ben"):
        assert _status(group, name, proposal) == proposals.WAITING
    with group.store("amira") as amira:  # her own answer, to the version now, still decides
        answer = {**ACCEPTED, "version": 2}
        amira.add(ProposalResponse(proposal=proposal, partnership=proposal, **answer))
    assert _status(group, "ben", proposal) == proposals.ACCEPTED


# 3. Taking the id of an erased partnership, to read what was left under it ----------------


def _erase_partnership(group) -> str:
    with group.store("amira") as amira:
        amira.purge(group.partnership)  # Ben's feedback and her session stay, filed under it
    return group.partnership


def _erase_proposal(group) -> str:
    with group.store("ben") as ben:
        made = ben.add(Proposal(mentor="amira", wanted="Leading a team", status=proposals.WAITING))
        for member in ("amira", "ben"):
            ben.add_partner(made.id, member)
    with group.store("amira") as amira:
        amira.add(ProposalResponse(proposal=made.id, partnership=made.id, **ACCEPTED))
        amira.add(Partnership(partner="Ben", my_role="Mentor", status="Active",
                              partnership=made.id))  # fmt: skip
    with group.store("ben") as ben:
        ben.purge(made.id)
    return made.id


@pytest.mark.parametrize("erase", [_erase_partnership, _erase_proposal])
def test_an_erased_partnership_id_cannot_be_taken_to_read_what_was_left_under_it(group, erase):
    erased = erase(group)
    assert _filed_under(group, "amira", erased) > 0  # her own, left under it
    with pytest.raises(REFUSED):
        _file(_as(group, "carol"), "carol", "partnership", {}, record_id=erased)
    mine = _file(_as(group, "carol"), "carol", "partnership", {})
    with pytest.raises(REFUSED):
        group.sql("carol", "UPDATE records SET id = %s WHERE id = %s", (erased, mine))
    with pytest.raises(REFUSED):
        group.sql("carol", "INSERT INTO partners VALUES (%s, 'carol')", (erased,))
    assert _filed_under(group, "carol", erased) == 0


def test_nobody_can_free_an_erased_id_again(group):
    erased = _erase_partnership(group)
    for name in ("amira", "carol", "cora"):
        with pytest.raises(REFUSED):
            group.sql(name, "DELETE FROM record_ids WHERE id = %s", (erased,))
        with pytest.raises(REFUSED):
            group.sql(name, "SELECT count(*) FROM record_ids")
    with pytest.raises(REFUSED):
        _file(_as(group, "amira"), "amira", "partnership", {}, record_id=erased)


def test_tables_of_the_attackers_own_do_not_stand_in_for_the_cohorts(group, proposal):
    # The checks' functions look tables up by name: a learner's temporary tables come first
    # in the search path unless the functions pin it.
    erased = _erase_partnership(group)
    with psycopg.connect(_as(group, "ben"), autocommit=True) as conn:
        conn.execute("CREATE TEMP TABLE records (id text, kind text, body jsonb)")
        conn.execute("CREATE TEMP TABLE record_ids (id text PRIMARY KEY)")
        conn.execute("INSERT INTO pg_temp.records VALUES (%s, 'proposal', %s)",
                     (proposal, json.dumps({"mentor": "ben"})))  # fmt: skip
        with pytest.raises(REFUSED):
            _file(conn, "ben", "proposal-response", {"proposal": proposal, **ACCEPTED},
                  partnership=proposal)  # fmt: skip
        with pytest.raises(REFUSED):
            _file(conn, "ben", "partnership", {}, record_id=erased)


def test_a_mentee_lets_only_himself_and_the_named_mentor_into_his_proposal(group, proposal):
    with pytest.raises(REFUSED):
        group.sql("ben", "INSERT INTO partners VALUES (%s, 'carol')", (proposal,))
    with pytest.raises(REFUSED):  # by naming another mentor first
        group.sql("ben", "UPDATE records SET body = jsonb_set(body, '{mentor}', '\"carol\"')"
                  " WHERE id = %s", (proposal,))  # fmt: skip
    with pytest.raises(REFUSED):  # or by making it a record of another kind
        group.sql("ben", "UPDATE records SET kind = 'partnership' WHERE id = %s", (proposal,))
    assert group.sql("carol", "SELECT count(*) FROM records WHERE id = %s", (proposal,)) == [(0,)]


# 4. The coordinator reading past the views -----------------------------------------------


def _boxes_left_behind(group) -> tuple[str, str]:
    """Ben rewrites his box for the coordinator, and trashes another feedback with its box."""
    with group.store("ben") as ben:
        ben.update(group.feedback, for_coordinator="All is well now")
        trashed = ben.add(MenteeFeedback(session=group.session, rating=2, went_well="-",
                                         for_coordinator="Binned words"))  # fmt: skip
        ben.delete(trashed.id)
    return COORDINATOR_ONLY, "Binned words"


def test_a_coordinator_reads_no_box_of_an_earlier_revision_or_a_trashed_record(group):
    _boxes_left_behind(group)
    assert group.sql("cora", "SELECT body FROM restricted") == []
    notes = cohort.coordinator_notes(_as(group, "cora"))  # `mentorkit cohort notes`
    assert [(owner, body) for owner, _, _, body in notes] == [
        ("ben", {"for_coordinator": "All is well now"})
    ]


def test_a_coordinator_cannot_see_past_a_view_through_a_function_of_her_own(group):
    hidden = _boxes_left_behind(group)
    seen: list[str] = []
    with psycopg.connect(_as(group, "cora"), autocommit=True) as conn:
        conn.add_notice_handler(lambda notice: seen.append(notice.message_primary))
        conn.execute(
            "CREATE FUNCTION pg_temp.leak(jsonb) RETURNS boolean LANGUAGE plpgsql COST 0.0001"
            " AS $$ BEGIN RAISE NOTICE '%', $1; RETURN true; END $$"
        )
        conn.execute("SELECT * FROM coordinator_notes WHERE pg_temp.leak(body)").fetchall()
    assert seen and not [words for words in hidden if any(words in notice for notice in seen)]


# An older cohort -------------------------------------------------------------------------


def test_a_cohort_made_at_schema_5_is_closed_to_these_attacks_when_upgraded(pg_url):
    with psycopg.connect(pg_url, autocommit=True) as admin, admin.transaction():
        migrate(admin, upto=5, dialect="postgresql")
    amira, ben = with_user(pg_url, "amira"), with_user(pg_url, "ben")
    partnership = _file(amira, "amira", "partnership", {})
    sql_as(pg_url, "amira", "INSERT INTO partners VALUES (%s, 'amira'), (%s, 'ben')",
           (partnership, partnership))  # fmt: skip
    feedback = _file(ben, "ben", "mentee-feedback", {}, partnership=partnership)
    sql_as(pg_url, "ben", "INSERT INTO restricted (record_id, revision, audience, body, search)"
           " VALUES (%s, 0, 'coordinator', '{}', '')", (feedback,))  # fmt: skip
    sql_as(pg_url, "amira", "DELETE FROM records WHERE id = %s", (partnership,))
    assert sql_as(pg_url, "cora", "SELECT count(*) FROM restricted") == [(1,)]

    assert cohort.init(pg_url, pg_url.rsplit("/", 1)[1]) == SCHEMA_VERSION
    with pytest.raises(REFUSED):
        _file(with_user(pg_url, "carol"), "carol", "partnership", {}, record_id=partnership)
    assert sql_as(pg_url, "cora", "SELECT count(*) FROM restricted") == [(0,)]
    assert sql_as(pg_url, "ben", "SELECT count(*) FROM records") == [(1,)]
