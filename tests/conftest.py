"""Fixtures: real stores, on a SQLite file in tmp_path and (for the store suite) on PostgreSQL.

A module marked `both_backends` runs each test that uses `store` or `store_path` twice:
once on a file, once on a fresh database of a real PostgreSQL server that this session
starts for itself. Tests marked `sqlite_only` are about the file itself and run once.
"""

from __future__ import annotations

import itertools
import os
from datetime import date

import pytest
from factories import COORDINATOR_ONLY, Cohort, learning_log, set_up_cohort
from pgserver import PgServer, find_bin

from mentorkit.cohort import admin as cohort
from mentorkit.cohort.admin import with_user
from mentorkit.records import (
    MenteeFeedback,
    Partnership,
    ProgressReview,
    ReflectiveLogEntry,
    SessionRecord,
)
from mentorkit.store import Store

#: Everyone the store tests open a store as; each is a learner role on the test server.
LEARNERS = ("learner", "amira", "ben", "carol")
COORDINATORS = ("cora",)
_databases = itertools.count(1)


def pytest_generate_tests(metafunc):
    if "backend" not in metafunc.fixturenames:
        return
    node = metafunc.definition
    if node.get_closest_marker("both_backends") and not node.get_closest_marker("sqlite_only"):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request):
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    """One PostgreSQL server for the whole session, with the learners' roles made."""
    if find_bin() is None:
        if os.environ.get("MENTORKIT_REQUIRE_POSTGRES"):
            pytest.fail("MENTORKIT_REQUIRE_POSTGRES is set but no initdb was found")
        pytest.skip("no PostgreSQL server here (install Debian's postgresql package)")
    server = PgServer(tmp_path_factory.mktemp("postgresql")).start()
    try:
        setup = server.url()
        cohort.init(setup, "mentorkit_setup")  # makes the group roles the learners join
        for name in LEARNERS:
            cohort.add_person(setup, name)
        for name in COORDINATORS:
            cohort.add_person(setup, name, "coordinator")
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server):
    """The administrator's address of a fresh, empty database (dropped afterwards)."""
    name = f"store_{next(_databases)}"
    yield pg_server.create_database(name)
    pg_server.drop_database(name)


@pytest.fixture
def store_path(backend, tmp_path, request):
    if backend == "postgresql":
        return request.getfixturevalue("pg_url")
    return tmp_path / "home" / "mentorkit.db"


@pytest.fixture
def store(store_path):
    with Store.open(store_path, owner="learner") as opened:
        yield opened


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "cohort(mentors=(), learners=(), profiles={}): the cohort `group` makes for the module",
    )


@pytest.fixture
def cohort_url(pg_url):
    """A fresh cohort database, set up as `mentorkit cohort init` does (administrator's address)."""
    return set_up_cohort(pg_url).url


@pytest.fixture
def group(pg_url, request) -> Cohort:
    """Amira mentors Ben; Carol is another learner; Cora coordinates.

    A module marked `cohort(mentors=…, learners=…, profiles=…)` has that cohort instead: those
    people added in those parts, each profile saved by its person, and no partnership yet.
    """
    wanted = request.node.get_closest_marker("cohort")
    made = set_up_cohort(pg_url, **(wanted.kwargs if wanted else {}))
    if wanted:
        return made
    url = made.url
    with Store.open(with_user(url, "amira"), owner="amira") as amira:
        private = [
            amira.add(learning_log(thoughts="Amira's own doubts")).id,
            amira.add(ReflectiveLogEntry(date=date(2026, 10, 2), how_it_went="Rushed")).id,
            amira.add(ProgressReview(date=date(2026, 10, 3), stage="Start")).id,
        ]
        for record_id in private:  # each edited once, so `revisions` holds a row of it
            amira.update(record_id, tags=["edited"])
        amira.drafts.save("learning-log", {"thoughts": "half a thought"})
        partnership = amira.add(Partnership(partner="ben", my_role="Mentor", status="Active"))
        amira.add_partner(partnership.id, "ben")
        shared = amira.add(
            SessionRecord(
                date=date(2026, 10, 6), duration=1.5, summary="Goals for the term",
                partnership=partnership.id,
            )
        )  # fmt: skip
        amira.update(shared.id, summary="Goals for the term, and how we will meet")
    with Store.open(with_user(url, "ben"), owner="ben") as ben:
        ben.add(learning_log(thoughts="Ben's private worries"))
        feedback = ben.add(
            MenteeFeedback(
                session=shared.id, rating=4, went_well="Clear goals",
                for_coordinator=COORDINATOR_ONLY, partnership=partnership.id,
            )
        )  # fmt: skip
    return Cohort(url, private, partnership.id, shared.id, feedback.id)
