"""The My data page in a real browser: the export downloads as a zip, and a record is erased
only once the learner has read the question that names it and pressed Yes."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date

import pytest
from factories import learning_log

from mentorkit.records import LearningLogEntry, SessionRecord
from mentorkit.store import Store

pytestmark = pytest.mark.browser

APP = "workbook/my-data.ipynb"
SCREENSHOT = "/tmp/i23/my-data.png"


def test_the_export_downloads_and_a_record_is_erased_only_after_its_question(
    watched, server, tmp_path
):
    with Store.open(server.db) as store:
        meeting = store.add(SessionRecord(date=date(2026, 12, 3), summary="Meeting with Sam"))
        for n in range(3):
            store.update(meeting.id, summary=f"Meeting with Sam, take {n + 2}")
        kept = store.add(learning_log(thoughts="An entry that stays"))
        store.backup(tmp_path / "before-erasing.db")
        option = f"{store.get(meeting.id).line(50)} · {meeting.title}"
    page = watched.page
    page.goto(server.app(APP))
    prepare = page.get_by_role("button", name="Prepare the download")
    prepare.wait_for()

    prepare.click()
    link = page.get_by_role("link", name=re.compile(r"Download everything"))
    with page.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert re.fullmatch(r"mentorkit-export-\d{4}-\d\d-\d\d\.zip", download.suggested_filename)
    download.save_as(tmp_path / "export.zip")
    with zipfile.ZipFile(tmp_path / "export.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert (
        manifest["records"][SessionRecord.kind] == 1
        and manifest["records"][LearningLogEntry.kind] == 1
    )

    page.get_by_label("Record").select_option(label=option)
    page.get_by_role("button", name="Erase this record…").click()
    question = page.get_by_text(
        "Erase “Session record of 3 December 2026: Meeting with Sam, take 4” and all 4 of "
        "its revisions for good?"
    )
    question.wait_for()
    assert page.get_by_role("button", name="Cancel").first.evaluate(
        "b => b === document.activeElement"
    )  # the safe answer has the focus: Enter keeps everything
    page.screenshot(path=SCREENSHOT, full_page=True)
    with Store.open(server.db) as store:
        assert store.get(meeting.id).revision == 4  # asked, not yet erased

    page.get_by_role("button", name="Yes, erase for good").click()
    page.get_by_text(re.compile(r"^Erased “Session record of 3 December 2026")).wait_for()
    assert page.get_by_text("may still hold what you erased").is_visible()
    assert page.get_by_role("link", name=re.compile(r"Download everything")).count() == 0
    with Store.open(server.db) as store:
        assert [r.id for r in store.find()] == [kept.id]
        assert store.find(text="Sam") == []
    assert watched.dialogs == [] and watched.errors == []
    assert "Traceback" not in page.inner_text("body")
