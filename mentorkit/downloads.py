"""What a saved record can offer next to its form, e.g. the next meeting as a calendar file."""

from __future__ import annotations

import base64
import html

import ipywidgets as w

from mentorkit.errors import SettingProblem
from mentorkit.look import status_html
from mentorkit.records import Record


def download_link(data: bytes, filename: str, text: str, mime: str) -> w.HTML:
    """A link that downloads `data` as a file; the file name and text are escaped."""
    encoded = base64.b64encode(data).decode("ascii")
    return w.HTML(
        f'<a download="{html.escape(filename)}" href="data:{mime};base64,{encoded}" '
        f'class="mk-download">{html.escape(text)}</a>'
    )


def _next_meeting(record: Record) -> list[w.Widget]:
    from mentorkit.ics import next_meeting_ics

    try:
        ics = next_meeting_ics(record)
    except SettingProblem as problem:  # the record is saved; only its calendar file waits
        return [w.HTML(status_html(str(problem), ok=False))]
    if ics is None:
        return []
    when = f"{record.next_date:%-d %B %Y}"
    return [download_link(ics.encode(), "next-mentoring-session.ics",
                          f"Add the next meeting ({when}) to your calendar (.ics)",
                          "text/calendar")]  # fmt: skip


def downloads_for(record: Record) -> list[w.Widget]:
    """What a saved record offers beside its form: its next meeting, if it plans one."""
    return _next_meeting(record) if record.plans_next_meeting else []
