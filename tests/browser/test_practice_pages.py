"""The witness testimony and supervision pages in a real browser: each saves an entry typed
into its boxes, with HTML typed into them kept and shown as inert text, in the list under
the form and in the journal."""

from __future__ import annotations

import re
from datetime import date

import pytest

from mentorkit.records import SupervisionRecord, WitnessTestimony
from mentorkit.records.kinds import PROCTOR
from mentorkit.store import Store

pytestmark = pytest.mark.browser

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> Zoë"
WITNESS = "Grace <img src=x onerror=alert(2)> Mensah"


def _box(page, label: str):
    return page.get_by_label(label, exact=True)


def _save(page) -> None:
    page.get_by_role("button", name="Save").click()
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()


def _shown_as_text_in_the_journal(watched, server, marker: str) -> None:
    watched.open_in_journal(server, marker)
    assert watched.page.get_by_text(f"{marker} {HOSTILE}").first.is_visible()
    assert watched.page.locator("img[src='x']").count() == 0


def _saved(server, kind):
    with Store.open(server.db) as store:
        return store.find(kind)


def test_a_witness_testimony_is_saved_through_its_page(watched, server):
    page, marker = watched.page, "Marsupialwitness"
    watched.open(server.app("workbook/witness-testimony.ipynb"))
    assert page.title() == "Witness testimony · mentorkit"
    page.get_by_role("button", name="Save").first.click()
    page.get_by_text(re.compile(r"Not saved yet: 4 boxes need your attention")).wait_for()

    _box(page, "Witness's name *").fill(WITNESS)
    _box(page, "Their role *").fill("Ward manager")
    _box(page, "Their relationship to you *").select_option(label="My line manager")
    _box(page, "What they observed *").fill(f"{marker} {HOSTILE}")
    _box(page, "Confirmed by the witness").check()
    _box(page, "Confirmed by").fill("Grace Mensah")
    _box(page, "How it was confirmed").select_option(label="By email")
    _box(page, "Confirmed on").fill(date.today().isoformat())
    _save(page)
    assert page.get_by_text(WITNESS).first.is_visible()  # named in the list under the form
    assert page.locator("img[src='x']").count() == 0

    [saved] = _saved(server, WitnessTestimony)
    assert (saved.witness, saved.observed) == (WITNESS, f"{marker} {HOSTILE}")
    assert (saved.confirmed_how, saved.confirmed_on) == ("By email", date.today())
    _shown_as_text_in_the_journal(watched, server, marker)
    assert watched.dialogs == [] and watched.errors == []
    assert "Traceback" not in page.inner_text("body")


def test_a_supervision_record_is_saved_through_its_page(watched, server):
    page, marker = watched.page, "Marsupialsupervision"
    watched.open(server.app("workbook/supervision.ipynb"))
    assert page.title() == "Supervision · mentorkit"
    _box(page, "Supervisor *").fill("Tomasz Nowak")
    _box(page, "Length (hours)").fill("0.75")
    page.get_by_role("button", name="Add a row to what we discussed").click()
    page.get_by_label(re.compile(r"^Topic \(row 1\)")).fill(f"Boundaries {HOSTILE}")
    page.get_by_label(re.compile(r"^Function \(row 1\)")).select_option(label=PROCTOR[0])
    _box(page, "What I take from it *").fill(f"{marker} {HOSTILE}")
    _save(page)
    assert page.locator("img[src='x']").count() == 0

    [saved] = _saved(server, SupervisionRecord)
    assert [(p.topic, p.function) for p in saved.discussed] == [
        (f"Boundaries {HOSTILE}", PROCTOR[0])
    ]
    assert (saved.supervisor, saved.length, saved.date) == ("Tomasz Nowak", 0.75, date.today())
    _shown_as_text_in_the_journal(watched, server, marker)
    assert watched.dialogs == [] and watched.errors == []
    assert "Traceback" not in page.inner_text("body")
