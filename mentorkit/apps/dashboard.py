"""The dashboard: sessions, hours, actions, feedback and competencies as charts, each a
sharp SVG on a card of its own, named by the sentence that gives its figures in words."""

from __future__ import annotations

import functools
import html
import io
import re
import textwrap
from datetime import datetime, timedelta
from typing import Any

import ipywidgets as w

from mentorkit import figures
from mentorkit.apps.base import StoreView
from mentorkit.course.catalogue import Track, track
from mentorkit.course.coverage import current_track
from mentorkit.look import heading, plain
from mentorkit.page import when_requested
from mentorkit.wording import count

#: The charts' colours, each at least 4.5:1 against white (WCAG AA even for text, so more
#: than the 3:1 asked of a chart's marks), and each meaning one thing on every chart.
BLUE, GREEN, RED, GREY, INK = "#2a6fb0", "#17612e", "#a4000f", "#6c757d", "#1f1f1f"
COLOURS = (BLUE, GREEN, RED, GREY, INK)
#: Drawn at 72 dots an inch, a chart's unit is a point: 9.75 points are the page's 13 px.
STYLE = {
    "svg.fonttype": "none", "svg.hashsalt": "mentorkit", "font.size": 9.75,
    "axes.titlesize": 9.75, "legend.fontsize": 9.75, "xtick.labelsize": 9.75,
    "ytick.labelsize": 9.75, "text.color": INK, "axes.labelcolor": INK, "xtick.color": INK,
    "ytick.color": INK, "axes.edgecolor": GREY, "axes.spines.top": False,
    "axes.spines.right": False, "axes.axisbelow": True, "grid.color": "#dddddd",
    "legend.frameon": False,
}  # fmt: skip
WIDTH = 5.0  # inches: 480 px, half the page's width, so two charts sit side by side
#: A chart of months shows at least this many months' room, so one month is one slim bar.
MIN_MONTHS = 6
#: A chart of dates spans at least this, so one rating is not spread over years.
MIN_DAYS = 28


def _styled(draw):
    """A chart drawn in the page's sizes and colours (matplotlib imported only here)."""

    @functools.wraps(draw)
    def styled(store: Any):
        import matplotlib

        with matplotlib.rc_context(STYLE):
            return draw(store)

    return styled


def _figure(height: float = 2.6):
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH, height), dpi=72, layout="constrained")


def _whole_numbers(axis) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _safe(text: str) -> str:
    """Text for a plot label: `$` would start matplotlib's maths mode."""
    return text.replace("$", r"\$")


def _months(ax, months: list[str]) -> list[int]:
    """Months along the x axis, named in words, with room for at least `MIN_MONTHS`."""
    names = [f"{datetime.strptime(m, '%Y-%m'):%b %Y}" for m in months]
    spare = max(MIN_MONTHS - len(names), 0) / 2
    ax.set_xlim(-0.5 - spare, len(names) - 0.5 + spare)
    ax.set_xticks(range(len(names)), names, rotation=45 if len(names) > MIN_MONTHS else 0)
    return list(range(len(names)))


def _over_months(store: Any, draw):
    """Hours over the months with sessions, or None before any. `draw(ax, places, months)`
    draws them and says the highest value or line it drew: the axis reaches past it, so
    every line a legend names shows, and starts from nothing, so a climb reads true."""
    months = figures.sessions_by_month(store)
    if months.empty:
        return None
    fig = _figure()
    ax = fig.add_subplot()
    top = draw(ax, _months(ax, list(months.index)), months["hours"])
    ax.set_ylim(0, top * 1.1)
    ax.set_ylabel("hours")
    fig.legend(loc="outside upper left", ncols=2)  # above the bars, never over them
    return fig


@_styled
def hours_figure(store: Any):
    agreed = figures.agreed_monthly_hours(store)

    def draw(ax, places, hours):
        bars = ax.bar(places, hours, width=0.6, color=BLUE, label="hours held")
        ax.bar_label(bars, fmt="%g", padding=2)
        if agreed is None:  # no agreement says how often: no line to measure against
            return hours.max()
        ax.axhline(agreed, color=RED, linestyle="--",
                   label=f"agreed: {count(agreed, 'hour')} a month")  # fmt: skip
        return max(hours.max(), agreed)

    return _over_months(store, draw)


def goal(store: Any) -> Track:
    """The learner's track (the Award until they choose), whose hours the dashboard counts to."""
    return track(current_track(store))


@_styled
def total_figure(store: Any):
    aim = goal(store)

    def draw(ax, places, hours):
        running = hours.cumsum()
        ax.plot(places, running.values, marker="o", color=GREEN, label="hours so far")
        ax.axhline(aim.hours, color=RED, linestyle="--",
                   label=f"the {aim.title}: {aim.hours:g} hours")  # fmt: skip
        return max(running.max(), aim.hours)

    return _over_months(store, draw)


@_styled
def actions_figure(store: Any):
    summary = figures.actions_summary(store)
    if summary.done + summary.open == 0:
        return None
    fig = _figure(1.9)
    ax = fig.add_subplot()
    labels = ["Done", "Open, on time", "Overdue"]
    values = [summary.done, summary.open - summary.overdue, summary.overdue]
    bars = ax.barh(labels, values, height=0.6, color=[GREEN, BLUE, RED])
    ax.bar_label(bars, padding=3)
    ax.invert_yaxis()  # read top down, as the words do
    ax.set_xlim(0, max(max(values), 1) * 1.15)
    _whole_numbers(ax.xaxis)
    ax.set_xlabel("actions")
    return fig


@_styled
def ratings_figure(store: Any):
    from matplotlib.dates import AutoDateLocator, DateFormatter

    ratings = figures.feedback_ratings(store)
    if ratings.empty:
        return None
    fig = _figure()
    ax = fig.add_subplot()
    days = list(ratings["date"])
    ax.plot(days, ratings["rating"], marker="o", color=BLUE)
    spare = max(timedelta(days=MIN_DAYS) - (days[-1] - days[0]), timedelta(0)) / 2
    ends = (days[0] - spare, days[-1] + spare)
    pad = max((ends[1] - ends[0]) / 20, timedelta(days=1))
    ax.set_xlim(ends[0] - pad, ends[1] + pad)
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=6))
    long = ends[1] - ends[0] > timedelta(days=300)
    ax.xaxis.set_major_formatter(DateFormatter("%b %Y" if long else "%-d %b"))
    ax.set_ylim(0.5, 5.5)
    ax.set_yticks(range(1, 6))
    ax.set_ylabel("rating (1 to 5)")
    ax.grid(axis="y")
    return fig


@_styled
def competency_figure(store: Any):
    changes = figures.competency_changes(store)
    if changes.empty:
        return None
    fig = _figure(0.9 + 0.5 * len(changes))
    ax = fig.add_subplot()
    names = [textwrap.shorten(_safe(n), 40, placeholder="…") for n in changes["competency"]]
    places = range(len(names))
    ax.barh([p - 0.2 for p in places], changes["before"].fillna(0), height=0.4,
            label="before", color=GREY)  # fmt: skip
    ax.barh([p + 0.2 for p in places], changes["after"].fillna(0), height=0.4,
            label="after", color=BLUE)  # fmt: skip
    ax.set_yticks(list(places), names)
    ax.invert_yaxis()
    ax.set_xlim(0, 5)
    _whole_numbers(ax.xaxis)
    ax.set_xlabel("rating (1 to 5)")
    fig.legend(loc="outside upper right", ncols=2)
    return fig


def svg(fig, name: str, label: str) -> str:
    """A figure as inline SVG markup: text kept as text (in the page's font), ids made this
    chart's own, and named for a screen reader by `label` (escaped, as matplotlib escapes
    every label it draws)."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    markup = buffer.getvalue()
    markup = re.sub(r"<metadata>.*?</metadata>\s*", "", markup[markup.index("<svg") :], flags=re.S)
    markup = re.sub(r"font-family: [^;\"]*;? ?", "", markup)  # the page's own font
    used = set(re.findall(r"url\(#([^)]+)\)|href=\"#([^\"]+)\"", markup))
    used = {a or b for a, b in used}
    markup = re.sub(r' id="([^"]+)"',
                    lambda m: f' id="{name}-{m[1]}"' if m[1] in used else "", markup)  # fmt: skip
    markup = re.sub(r'(url\(#|href="#)', rf"\1{name}-", markup)
    named = f'<svg class="mk-chart" role="img" aria-label="{html.escape(label)}"'
    return markup.replace("<svg", named, 1)


# each chart in words: its name for a screen reader, and the figures for anyone who would
# rather read them ----------------------------------------------------------------------


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
    said = f" (agreed: {count(agreed, 'hour')} a month)" if agreed is not None else ""
    return f"Sessions and hours a month{said}: {each}."


def total_words(store: Any) -> str:
    months = figures.sessions_by_month(store)
    held = float(months["hours"].sum())
    aim = goal(store)
    left = max(aim.hours - held, 0)
    to_go = f"{left:g} to go" if left else f"the {aim.title}'s hours are done"
    return (
        f"Running total: {held:g} of the {aim.title}'s {aim.hours:g} hours ({to_go}), "
        f"over {count(len(months), 'month')} with sessions."
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


CHARTS = (
    ("Hours a month", hours_figure, hours_words, "No past sessions recorded yet."),
    ("Running total of hours", total_figure, total_words, "No hours recorded yet."),
    ("Actions", actions_figure, actions_words, "No actions agreed yet."),
    ("Feedback", ratings_figure, ratings_words, "No feedback given yet."),
    ("Competencies", competency_figure, competency_words,
     "No competency ratings yet: add them in a progress review."),
)  # fmt: skip

#: Our own CSS for the cards of charts: side by side where the screen has room for two.
CSS = """<style>
.mk-charts { display: grid; gap: 1rem; margin: 0.6rem 0; line-height: 1.4;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 30rem), 1fr)); }
.mk-charts .mk-card { margin: 0; display: flex; flex-direction: column; min-width: 0; }
.mk-charts h3 { margin: 0 0 0.4rem 0; }
.mk-charts p { margin: 0.2rem 0; }
.mk-chart { display: block; max-width: 100%; height: auto; margin: 0 0 0.3rem 0;
  font-family: var(--jp-ui-font-family, system-ui, sans-serif); }
</style>"""


def _card(title: str, chart: str | None, words: str | None, empty: str) -> str:
    """One chart on its card: its heading, the chart, and its figures in words (escaped)."""
    if not chart:
        return (
            f"<div class='mk-card'><h3>{html.escape(title)}</h3><p>{html.escape(empty)}</p></div>"
        )
    said = (
        "<details><summary>The figures in this chart, in words</summary>"
        f"<p class='mk-value'>{html.escape(words)}</p></details>"
        if words
        else ""
    )
    return f"<div class='mk-card'><h3>{html.escape(title)}</h3>{chart}{said}</div>"


class Dashboard(StoreView):
    """The charts, each named by a sentence that says the same in words."""

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
        cards = [self._chart(n, *chart) for n, chart in enumerate(CHARTS, 1)]
        grid = w.HTML(f"{CSS}<div class='mk-charts'>{''.join(cards)}</div>",
                      layout=w.Layout(width="calc(100% - 4px)"))  # fmt: skip
        self.panels.children = [heading("At a glance", 2), plain(summary), grid]

    def _chart(self, number: int, title: str, draw, words, empty: str) -> str:
        fig = self.attempt(draw, self.store)
        said = self.attempt(words, self.store) if fig is not None else None
        chart = fig is not None and self.attempt(svg, fig, f"mk-chart{number}", said or title)
        return _card(title, chart or None, said, empty)

    def _summary(self) -> str:
        hours = figures.total_hours(self.store)
        actions = figures.actions_summary(self.store)
        aim = goal(self.store)
        left = max(aim.hours - hours, 0)
        award = (
            f"the {aim.title}'s {aim.hours} hours are done"
            if not left
            else f"{left:g} to go for the {aim.title}"
        )
        return (
            f"{count(float(hours), 'hour')} of mentoring recorded ({award}). Actions: "
            f"{actions.done} done, {actions.open} open ({actions.overdue} of them overdue)."
        )


def dashboard(store: Any = None) -> Dashboard:
    """Sessions, hours, actions, feedback and competency ratings as charts."""
    return Dashboard(store)
