"""The coverage page: the learner's track (Award or Certificate), every criterion of it with
its parts and their evidence, what could not be verified, and the criteria-tracking table."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from mentorkit.apps.base import filled_when_requested
from mentorkit.course.catalogue import qualification, track, tracks, units
from mentorkit.course.coverage import (
    current_track,
    own,
    track_of,
    tracking_csv,
    tracking_filename,
)
from mentorkit.course.progress import coverage_rows
from mentorkit.downloads import download_link
from mentorkit.errors import MentorkitError
from mentorkit.look import lean, status_html
from mentorkit.page import open_store
from mentorkit.records import QualificationTrack


def coverage(store: Any = None) -> w.Widget:
    """Your track, every criterion of it with its evidence part by part, and the gaps."""
    return filled_when_requested(lambda: CoverageView(store).parts())


class CoverageView:
    """The track chooser above the coverage, which is drawn again when the track changes."""

    def __init__(self, store: Any = None):
        self._given = store
        self.results = w.VBox()
        self.status = lean(w.HTML)

    def parts(self) -> list[w.Widget]:
        try:
            self.store = open_store(self._given)
            chosen = current_track(self.store)
        except (MentorkitError, FileNotFoundError) as exc:
            return [w.HTML(status_html(str(exc), ok=False))]
        spec = QualificationTrack.spec("track")
        self.choice = w.RadioButtons(
            options=[
                (f"{t.title}: at least {t.hours} hours of mentoring", t.title) for t in tracks()
            ],
            value=track(chosen).title if chosen else None,
            layout=w.Layout(width="auto"),
        )
        self.choice.add_class("mk-field")  # the forms' roomy choices: each 24 px or more apart
        keep = lean(w.Button, description="Keep this choice", button_style="primary")
        keep.on_click(lambda _: self.keep())
        intro = f"<h2>Your qualification</h2><p>{html.escape(spec.prompt)}</p>"
        self.not_chosen = lean(w.HTML)
        if not chosen:
            self.not_chosen.value = (
                "<p>You have not chosen yet, so the Award's criteria are shown.</p>"
            )
        self.choice.description = spec.label  # the group's name, read out with each choice
        self.choice.style.description_width = "initial"
        self.redraw()
        return [
            w.HTML(intro), self.not_chosen, self.choice, w.HBox([keep, self.status]),
            self.results,
        ]  # fmt: skip

    def keep(self) -> None:
        """Save the track chosen (a new choice replaces the old) and draw the coverage again."""
        if self.choice.value is None:
            self.status.value = status_html("Choose the Award or the Certificate first.", ok=False)
            return
        try:
            mine = own(self.store, QualificationTrack)
            if mine:
                self.store.update(mine[0].id, track=self.choice.value)
            else:
                self.store.add(QualificationTrack(track=self.choice.value))
            self.redraw()
        except MentorkitError as exc:
            self.status.value = status_html(str(exc), ok=False)
            return
        self.not_chosen.value = ""  # chosen now: the line saying otherwise goes
        self.status.value = status_html(
            f"Saved: you are working towards the {self.choice.value}.", ok=True
        )

    def redraw(self) -> None:
        try:
            rows = coverage_rows(self.store)
            track_id = track_of(self.store)
        except (MentorkitError, FileNotFoundError) as exc:
            self.results.children = (w.HTML(status_html(str(exc), ok=False)),)
            return
        link = download_link(
            tracking_csv(rows), tracking_filename(track_id),
            "Download the criteria-tracking table for your assessor (CSV)", "text/csv",
        )  # fmt: skip
        self.results.children = (
            w.HTML(summary_html(rows, track_id)), link, w.HTML(table_html(rows)),
            w.HTML(unverified_html(track_id)),
        )  # fmt: skip


def summary_html(rows: list[dict[str, Any]], track_id: str) -> str:
    done = sum(r["evidenced"] for r in rows)
    share = round(100 * done / len(rows)) if rows else 0
    chosen = track(track_id)
    hours = next((r for r in rows if r["hours_needed"]), None)
    held = (
        f"<p>Hours of mentoring from your session records: <strong>{hours['hours']:g}</strong>"
        f", against the {hours['hours_needed']} the {html.escape(chosen.title)} asks for.</p>"
        if hours
        else ""
    )
    return (
        f"<h2>Coverage for the {html.escape(chosen.title)}</h2>"
        f'<div role="img" aria-label="{done} of {len(rows)} criteria evidenced" '
        'style="background:#e6e6e6;border-radius:4px;width:100%;max-width:40rem">'
        f'<div style="background:#17612e;width:{share}%;height:1.2rem;border-radius:4px">'
        "</div></div>"
        f"<p><strong>{done} of {len(rows)}</strong> criteria have all their evidence so far. "
        "A criterion counts only when every part of it is evidenced by your own work.</p>" + held
    )


def table_html(rows: list[dict[str, Any]]) -> str:
    body = "".join(_row(r) for r in rows)
    return (
        "<table class='mk-table'><thead><tr><th>Criterion</th><th>Parts</th>"
        "<th>Where you can evidence it</th><th>Done</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _row(row: dict[str, Any]) -> str:
    number = f"ILM {html.escape(row['ilm'])}" if row["ilm"] else "number not verified as ILM's"
    parts = "<br>".join(
        f"{'✓' if p.evidenced else '○'} {html.escape(p.text)}"
        + (
            f" ({html.escape(p.by[0])})"
            if p.by and row["hours_needed"] and p.key == "hours"
            else ""
        )
        for p in row["parts"]
    )
    where = [*row["activities"], *(f"{k} (workbook)" for k in row["records"])]
    done = [*row["answered"], *(f"{k} (workbook)" for k in row["records_kept"])]
    mark = "✓ Evidenced" if row["evidenced"] else "Gap: not yet"
    return (
        f"<tr><td><strong>{html.escape(row['criterion'])}</strong> {html.escape(row['text'])}"
        f"<br><small>{number}</small></td><td>{parts or '—'}</td>"
        f"<td>{'<br>'.join(html.escape(x) for x in where) or '—'}</td>"
        f"<td>{html.escape(mark)}<br>{'<br>'.join(html.escape(x) for x in done)}</td></tr>"
    )


def unverified_html(track_id: str) -> str:
    """What could not be verified, said plainly, with the sources that were found."""
    shown = [u for u in units() if u.id in track(track_id).units]
    no_credits = [u.id for u in shown if u.credits is None]
    sources = "".join(
        f"<li><a href='{html.escape(s['url'])}' target='_blank' rel='noopener'>"
        f"{html.escape(s['url'])}</a>: {html.escape(s['verified'])}</li>"
        for s in qualification()["sources"]
    )
    return (
        "<h3>What we could and could not check</h3>"
        "<p>The unit numbers and titles, which units make the Award and the Certificate, and "
        "the hours each asks for come from public sources, listed below. ILM's own numbers for "
        "the criteria were found for two only (304 1.1 and 1.2). Every other criterion here is "
        "grouped and numbered by mentorkit, so its number may not match the one on your "
        "centre's result sheet: your assessor maps it. "
        + (
            f"No credit value was found for unit {' or '.join(no_credits)} on its own. "
            if no_credits
            else ""
        )
        + "Every criterion is worded in mentorkit's own words, never ILM's.</p>"
        f"<ul>{sources}</ul>"
    )
