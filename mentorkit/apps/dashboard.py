"""The dashboard: sessions, hours, actions, feedback and competencies as plots."""

from __future__ import annotations

import html
import io
from datetime import datetime
from typing import Any

import ipywidgets as w

from mentorkit import figures
from mentorkit.apps.base import StoreView
from mentorkit.look import heading, plain
from mentorkit.page import when_requested
from mentorkit.wording import count


def _figure():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(figsize=(6.4, 3.2), dpi=100, layout="constrained")


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _safe(text: str) -> str:
    """Text for a plot label: `$` would start matplotlib's maths mode."""
    return text.replace("$", r"\$")


def hours_plot(store: Any) -> bytes | None:
    months = figures.sessions_by_month(store)
    if months.empty:
        return None
    fig = _figure()
    ax = fig.add_subplot(1, 2, 1)
    ax.bar(months.index, months["hours"], color="#2a6fb0", label="hours")
    ax.axhline(figures.agreed_monthly_hours(store), color="#a4000f", linestyle="--",
               label="agreed a month")  # fmt: skip
    ax.set_title("Hours a month")
    ax.tick_params(axis="x", labelrotation=45)
    ax.legend(fontsize="small")
    total = ax.figure.add_subplot(1, 2, 2)
    running = months["hours"].cumsum()
    total.plot(running.index, running.values, marker="o", color="#17612e")
    total.set_ylim(bottom=0)  # from nothing, so the climb to the Award reads true
    total.axhline(figures.AWARD_HOURS, color="#a4000f", linestyle="--", label="Award: 6 hours")
    total.set_title("Running total of hours")
    total.tick_params(axis="x", labelrotation=45)
    total.legend(fontsize="small")
    return _png(fig)


def actions_plot(store: Any) -> bytes | None:
    summary = figures.actions_summary(store)
    if summary.done + summary.open == 0:
        return None
    fig = _figure()
    ax = fig.add_subplot()
    labels = ["Done", "Open, on time", "Overdue"]
    values = [summary.done, summary.open - summary.overdue, summary.overdue]
    ax.barh(labels, values, color=["#17612e", "#2a6fb0", "#a4000f"])
    ax.set_title("Actions agreed in sessions")
    return _png(fig)


def ratings_plot(store: Any) -> bytes | None:
    ratings = figures.feedback_ratings(store)
    if ratings.empty:
        return None
    fig = _figure()
    ax = fig.add_subplot()
    ax.plot(ratings["date"], ratings["rating"], marker="o")
    ax.set_ylim(0.5, 5.5)
    ax.set_title("Feedback ratings over time (1 to 5)")
    fig.autofmt_xdate()
    return _png(fig)


def competency_plot(store: Any) -> bytes | None:
    changes = figures.competency_changes(store)
    if changes.empty:
        return None
    fig = _figure()
    ax = fig.add_subplot()
    names = [_safe(n) for n in changes["competency"]]
    positions = range(len(names))
    ax.barh([p + 0.2 for p in positions], changes["before"].fillna(0), height=0.4,
            label="before", color="#9bb7d4")  # fmt: skip
    ax.barh([p - 0.2 for p in positions], changes["after"].fillna(0), height=0.4,
            label="after", color="#2a6fb0")  # fmt: skip
    ax.set_yticks(list(positions), names)
    ax.set_xlim(0, 5)
    ax.set_title("Competency ratings, before and after")
    ax.legend(fontsize="small")
    return _png(fig)


# each chart in words, for a screen reader (an image widget has no alt text) and for
# anyone who would rather read the figures ---------------------------------------------


def _rating(value: Any) -> str:
    return "none" if value is None or value != value else f"{value:g}"  # NaN is not rated


def hours_words(store: Any) -> str:
    months = figures.sessions_by_month(store)
    each = "; ".join(
        f"{datetime.strptime(row.Index, '%Y-%m'):%B %Y}: {count(row.sessions, 'session')}, "
        f"{count(float(row.hours), 'hour')}"
        for row in months.itertuples()
    )
    agreed = figures.agreed_monthly_hours(store)
    return (
        f"Sessions and hours a month (agreed: {count(float(agreed), 'hour')} a month): {each}. "
        f"Running total: {months['hours'].sum():g} of the Award's {figures.AWARD_HOURS:g} hours."
    )


def actions_words(store: Any) -> str:
    summary = figures.actions_summary(store)
    on_time = summary.open - summary.overdue
    return f"Actions: {summary.done} done, {on_time} open and on time, {summary.overdue} overdue."


def ratings_words(store: Any) -> str:
    ratings = figures.feedback_ratings(store)
    each = "; ".join(f"{day:%-d %b %Y}: {rating:g}" for day, rating in ratings.itertuples(False))
    return f"Feedback ratings, 1 to 5, oldest first: {each}."


def competency_words(store: Any) -> str:
    changes = figures.competency_changes(store)
    each = "; ".join(
        f"{name}: {_rating(before)} before, {_rating(after)} after"
        for name, before, after in changes.itertuples(False)
    )
    return f"Competency ratings, 1 to 5: {each}."


PLOTS = (
    ("Sessions and hours", hours_plot, hours_words, "No past sessions recorded yet."),
    ("Actions", actions_plot, actions_words, "No actions agreed yet."),
    ("Feedback", ratings_plot, ratings_words, "No feedback given yet."),
    ("Competencies", competency_plot, competency_words,
     "No competency ratings yet: add them in a progress review."),
)  # fmt: skip


def _in_words(text: str) -> w.HTML:
    """The figures under a chart, escaped, folded away until asked for."""
    return w.HTML(
        "<details><summary>The figures in this chart, in words</summary>"
        f"<p class='mk-value'>{html.escape(text)}</p></details>"
    )


class Dashboard(StoreView):
    """The plots, each with a sentence that says the same in words."""

    def __init__(self, store: Any = None):
        self.panels = w.VBox()
        refresh = w.Button(description="Refresh", icon="refresh")
        refresh.on_click(lambda _: self.refresh())
        super().__init__([refresh, self.panels], store)
        when_requested(self.refresh)

    def refresh(self) -> None:
        summary = self.attempt(self._summary)
        if summary is None:
            return
        parts = [heading("At a glance", 2), plain(summary)]
        for title, plot, words, empty in PLOTS:
            png = self.attempt(plot, self.store)
            parts.append(heading(title))
            if not png:
                parts.append(w.Label(empty))
                continue
            parts.append(w.Image(value=png, format="png"))
            described = self.attempt(words, self.store)
            parts += [_in_words(described)] if described else []
        self.panels.children = parts

    def _summary(self) -> str:
        hours = figures.total_hours(self.store)
        actions = figures.actions_summary(self.store)
        left = max(figures.AWARD_HOURS - hours, 0)
        award = "the Award's 6 hours are done" if not left else f"{left:g} to go for the Award"
        return (
            f"{count(float(hours), 'hour')} of mentoring recorded ({award}). Actions: "
            f"{actions.done} done, {actions.open} open ({actions.overdue} of them overdue)."
        )


def dashboard(store: Any = None) -> Dashboard:
    """Sessions, hours, actions, feedback and competency ratings as plots."""
    return Dashboard(store)
