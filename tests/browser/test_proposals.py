"""A mentee and a mentor, each with their own Voilà server signed in to a real PostgreSQL
cohort as their own role, carry a proposal through amend and accept in Chromium."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from factories import set_up_cohort

from conftest import Server, Watched
from mentorkit.cohort.admin import with_user
from mentorkit.records import Profile

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> Zoë"
WANTED = "What I want from mentoring *"
AMENDED = "What I want from mentoring (amended) *"
COMMENT = "Comment (for Ben Price (ben)) *"


class Person(Server):
    """`python -m mentorkit.serve` with one person's connection, as JupyterHub would give it."""

    def __init__(self, folder: Path, name: str, url: str):
        self.name = name
        cohort_env = {"MENTORKIT_STORE_URL": with_user(url, name), "JUPYTERHUB_USER": name}
        super().__init__(folder / name, cohort_env)

    def app(self, notebook: str) -> str:
        return super().app(f"workbook/{notebook}")


@pytest.fixture(scope="module")
def people(tmp_path_factory, pg_server):
    """Amira (a mentor with a profile) and Ben (a mentee), each with a server of their own."""
    shown = {"amira": ("Amira Haddad", "Mentor"), "ben": ("Ben Price", "Mentee")}
    profiles = {
        name: Profile(name=full, role=role, availability="Available", skills="Patient listening")
        for name, (full, role) in shown.items()
    }
    url = pg_server.create_database("proposals_cohort")
    set_up_cohort(url, mentors=("amira",), learners=("ben",), profiles=profiles)
    folder = tmp_path_factory.mktemp("cohort-voila")
    running = {name: Person(folder, name, url) for name in ("amira", "ben")}
    try:
        for person in running.values():
            person.wait_until_up()
        yield running, url
    finally:
        for person in running.values():
            person.stop()
            print(
                f"{person.name}'s Voilà output:\n{person.log.read_text(errors='replace')[-3000:]}"
            )


def _page(browser, url: str) -> Watched:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    watched = Watched(context.new_page())
    watched.page.goto(url)
    watched.page.get_by_role("button", name="Check for news").wait_for()
    return watched


def test_a_mentee_proposes_the_mentor_asks_to_amend_then_accepts(people, browser):
    running, url = people
    ben = _page(browser, running["ben"].app("proposals.ipynb"))
    page = ben.page
    page.get_by_label("Mentor *").select_option(label="Amira Haddad (amira)")
    page.get_by_text("Patient listening").wait_for()
    page.get_by_label(WANTED, exact=True).fill(f"Confidence in meetings {HOSTILE}")
    page.get_by_role("button", name="Send proposal").click()
    page.get_by_text("Sent to Amira Haddad (amira).").wait_for()
    page.get_by_text("To Amira Haddad (amira) · Waiting for an answer").wait_for()

    amira = _page(browser, running["amira"].app("mentor-inbox.ipynb"))
    inbox = amira.page
    inbox.get_by_text("From Ben Price (ben) · Waiting for an answer").wait_for()
    assert inbox.get_by_text(f"Confidence in meetings {HOSTILE}").is_visible()
    inbox.get_by_label(COMMENT, exact=True).fill("Which meetings: your team's, or others'?")
    inbox.get_by_role("button", name="Ask to amend").click()
    inbox.get_by_text("Sent: your mentee can now amend their proposal.").wait_for()

    page.get_by_role("button", name="Check for news").click()
    page.get_by_text("To Amira Haddad (amira) · Amendments asked for").wait_for()
    assert page.get_by_text("Which meetings: your team's, or others'?").is_visible()
    page.get_by_label(AMENDED, exact=True).fill("Chairing my own team's weekly meeting")
    page.get_by_role("button", name="Send amended proposal").click()
    page.get_by_text("Your amended proposal is sent.").wait_for()

    inbox.get_by_role("button", name="Check for news").click()
    inbox.get_by_text("Chairing my own team's weekly meeting").wait_for()
    inbox.get_by_label(COMMENT, exact=True).fill("Yes, gladly: let's meet on Tuesday")
    inbox.get_by_role("button", name="Accept").click()
    inbox.get_by_text("Accepted: your partnership is agreed.", exact=False).wait_for()

    page.get_by_role("button", name="Check for news").click()
    page.get_by_text("To Amira Haddad (amira) · Accepted").wait_for()
    assert page.get_by_text(r"Version 2, sent by Ben Price (ben)", exact=False).is_visible()

    # The agreement: Amira keeps it on the partnership page, Ben reads it there, his way round.
    inbox.goto(running["amira"].app("partnership.ipynb"))
    inbox.get_by_text("Your mentee: Ben Price (ben) · Agreed").wait_for()
    partner = inbox.get_by_label("Partner *", exact=True)
    assert partner.count() == 1 and partner.is_hidden()  # from the proposal, not typed
    inbox.get_by_label("How often you will meet", exact=True).fill("Every Tuesday at nine")
    inbox.get_by_role("button", name="Save").click()
    inbox.get_by_text("Saved at", exact=False).wait_for()
    page.goto(running["ben"].app("partnership.ipynb"))
    page.get_by_text("Your mentor: Amira Haddad (amira) · Agreed").wait_for()
    assert page.get_by_text("Every Tuesday at nine").is_visible()
    assert page.get_by_role("button", name="Save").count() == 0

    for watched in (ben, amira):
        assert watched.page.locator("img[src='x']").count() == 0
        assert "Traceback" not in watched.page.inner_text("body")
        assert watched.dialogs == [] and watched.errors == []
        watched.page.context.close()
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT owner, kind, revision FROM records WHERE kind <> 'profile' ORDER BY created"
        ).fetchall()
    assert rows == [
        ("ben", "proposal", 2), ("amira", "proposal-response", 1),
        ("amira", "proposal-response", 1), ("amira", "partnership", 2),  # the agreement saved
    ]  # fmt: skip
