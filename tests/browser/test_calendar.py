"""The next meeting's calendar file, downloaded in a real browser from a server whose
learner has chosen a time zone, read back by icalendar as a calendar would read it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from servers import serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # a zone this computer is not in, so the file can only be right if the setting is read
    env = {"MENTORKIT_TIMEZONE": "America/New_York"}
    with serving(tmp_path_factory.mktemp("voila") / "home", env=env) as running:
        yield running


def test_the_next_meeting_downloads_in_the_chosen_zone_with_the_partner_invited(
    watched, server, tmp_path
):
    from icalendar import Calendar

    page = watched.page
    watched.open(server.app("workbook/session-record.ipynb"))
    page.get_by_label("Date *", exact=True).fill(date.today().isoformat())
    page.get_by_label("Attendees", exact=True).fill("Sam Patel <sam@example.org>\nJo Bloggs")
    page.get_by_label("Next meeting date", exact=True).fill("2027-07-01")
    page.get_by_label("Next meeting time", exact=True).fill("14:30")
    page.get_by_role("button", name="Save").click()
    link = page.get_by_role("link", name=re.compile(r"Add the next meeting \(1 July 2027\)"))
    with page.expect_download() as waiting:
        link.click()
    assert waiting.value.suggested_filename == "next-mentoring-session.ics"
    waiting.value.save_as(tmp_path / "next.ics")
    calendar = Calendar.from_ical((tmp_path / "next.ics").read_bytes())
    [event] = calendar.events
    assert [tz.tz_name for tz in calendar.timezones] == ["America/New_York"]
    assert event.start.astimezone(UTC) == datetime(2027, 7, 1, 18, 30, tzinfo=UTC)
    assert str(event["ATTENDEE"]) == "mailto:sam@example.org"  # one invited, not a list
    assert "With: Jo Bloggs" in str(event["DESCRIPTION"])
    assert not watched.errors
