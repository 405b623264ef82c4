"""The qualification track in a real browser: chosen on the coverage page, shown on the
landing page with a link back, and the criteria-tracking table offered as a CSV download."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mentorkit.course.coverage import TRACKING_HEADER
from mentorkit.records import QualificationTrack, SessionRecord
from mentorkit.store import Store

pytestmark = pytest.mark.browser


def test_a_learner_chooses_the_certificate_and_the_pages_follow(watched, server, tmp_path):
    with Store.open(server.db) as store:
        for _ in range(7):
            store.add(SessionRecord(date=date.today() - timedelta(days=2), duration=5))
    page = watched.page
    page.goto(server.app("workbook/coverage.ipynb"))
    page.get_by_text("You have not chosen yet").wait_for()
    page.get_by_text("Coverage for the Award").wait_for()
    page.get_by_text("What we could and could not check").wait_for()

    page.get_by_label("Certificate: at least 36 hours of mentoring").check()
    page.get_by_role("button", name="Keep this choice").click()
    page.get_by_text("Saved: you are working towards the Certificate.").wait_for()
    page.get_by_text("Coverage for the Certificate").wait_for()
    shown = page.inner_text("body")
    assert "from your session records: 35, against the 36 the Certificate asks for" in shown
    assert "You have not chosen yet" not in shown  # gone with the choice, not at a reload
    with Store.open(server.db) as store:
        assert [r.track for r in store.find(QualificationTrack)] == ["Certificate"]

    with page.expect_download() as download:
        page.get_by_text("Download the criteria-tracking table for your assessor (CSV)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("criteria-tracking-certificate-")
    assert saved.read_text(encoding="utf-8-sig").startswith(",".join(TRACKING_HEADER))

    page.goto(server.app("course/index.ipynb"))
    page.get_by_text("You are working towards the ILM Level 3 Certificate").wait_for()
    assert "You have 35 of its 36 hours of mentoring so far." in page.inner_text("body")
    page.get_by_role("link", name="Change it on the criteria coverage page").click()
    page.get_by_text("Coverage for the Certificate").wait_for()
    page.screenshot(path=tmp_path / "coverage.png", full_page=True)
    assert "Traceback" not in page.inner_text("body")
    assert watched.errors == [] and watched.dialogs == []
