"""The portfolio builder: choose sections and records, put them in order, preview, download.

Works without a browser too: set the widgets' values, call `preview()` or `make()`. The
learner's text reaches the page only escaped (`html_body`) or as widget values.
"""

from __future__ import annotations

import base64
import html
import logging
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import ipywidgets as w

from mentorkit.errors import MentorkitError, SettingProblem
from mentorkit.look import status_html, style
from mentorkit.page import open_store, when_requested
from mentorkit.portfolio import FORMATS, export_portfolio
from mentorkit.portfolio.blocks import PAPERS
from mentorkit.portfolio.document import (
    DEFAULT_KINDS,
    OFFERED_KINDS,
    SECTION_TITLES,
    Profile,
    Selection,
    build,
    default_paper,
)
from mentorkit.records import kind_of
from mentorkit.widgets import Field

log = logging.getLogger(__name__)

DRAFT_KEY = "portfolio"
#: Above this, a file is not offered as a link in the page (Tornado caps a message near 10 MB).
MAX_LINK_BYTES = 6 * 1024 * 1024

_CSS = """<style>
.mk-preview { border: 1px solid #ccc; padding: 0.5rem 1.5rem; max-height: 40rem;
  overflow: auto; background: #fff; }
.mk-preview table { border-collapse: collapse; }
.mk-preview th, .mk-preview td { border: 1px solid #bbb; padding: 0.3rem 0.5rem;
  vertical-align: top; text-align: left; }
.mk-section { border-bottom: 1px solid #eee; padding: 0.3rem 0; }
</style>"""

SAY_WHERE = "It is saved in {folder}, as {name}. Keep it somewhere only you can open."


def portfolio_folder(store: Any) -> Path:
    """Where the app writes portfolios: beside the learner's store file; in a cohort, a
    folder of the person's own, as a trial hub runs everyone's server in one home folder."""
    path = getattr(store, "path", None)
    if path is not None:
        return Path(path).parent / "portfolio"
    own = quote(store.owner, safe="")
    return Path.home() / "portfolio" / (own.replace(".", "%2E") if own in (".", "..") else own)


class Section(w.VBox):
    """One section: include it or not, move it, and choose which of its records go in."""

    def __init__(self, kind: str, records: list[Any], included: bool, left_out: list[str]):
        self.kind = kind
        title = SECTION_TITLES.get(kind, kind_of(kind).title)
        self.include = w.Checkbox(
            value=included, description=f"{title} ({len(records)})", indent=False
        )
        self.up = w.Button(description="Up", tooltip=f"Move “{title}” up", layout=_SMALL)
        self.down = w.Button(description="Down", tooltip=f"Move “{title}” down", layout=_SMALL)
        options = [(r.line(), r.id) for r in records]
        ids = [i for _, i in options]
        self.records = w.SelectMultiple(
            options=options,
            value=[i for i in ids if i not in left_out],  # records added since are in
            rows=min(max(len(options), 2), 6),  # one row would look like a drop-down
            description="Records",
            layout=w.Layout(width="100%", display=None if included and options else "none"),
        )
        self.include.observe(self._toggled, names="value")
        super().__init__(
            [w.HBox([self.include, self.up, self.down]), self.records],
            _dom_classes=["mk-section"],
        )

    def _toggled(self, change: dict) -> None:
        shown = change["new"] and self.records.options
        self.records.layout.display = None if shown else "none"
        if change["new"] and not self.records.value:
            self.records.value = [i for _, i in self.records.options]


_SMALL = w.Layout(width="4.5rem")


class PortfolioBuilder(w.VBox):
    """Pick what goes into a portfolio and in what order, preview it, and make the file."""

    def __init__(self, store: Any = None):
        self.store = open_store(store)
        self.profile = {s.name: Field(s) for s in Profile.specs()}
        self.title = w.Text(value="Mentoring portfolio", description="Title")
        self.name = w.Text(description="Your name", placeholder="as your assessor knows you")
        self.sections = w.VBox()
        self.hours = w.Checkbox(value=True, description="Mentoring-hours summary", indent=False)
        self.tracking = w.Checkbox(
            value=True, description="Criteria-tracking table for your assessor", indent=False
        )
        self.format = w.Dropdown(
            options=[(label, fmt) for fmt, (label, *_) in FORMATS.items()],
            value="docx",
            description="Format",
        )
        self.paper = w.Dropdown(options=list(PAPERS), value="A4", description="Paper")
        self.preview_button = w.Button(description="Preview", icon="eye")
        self.make_button = w.Button(description="Make the file", button_style="primary")
        self.preview_button.on_click(lambda _: self.preview())
        self.make_button.on_click(lambda _: self.make())
        self.status, self.download, self.shown = w.HTML(), w.HTML(), w.HTML()
        self._default_paper()
        super().__init__(self._layout(), _dom_classes=["mk-form"])
        when_requested(self._restore)

    def _profile_name(self) -> str:
        """The name on the learner's cohort profile, to start the byline with (a login
        name such as jovyan is not one to print on a portfolio)."""
        from mentorkit.cohort.proposals import in_cohort, my_profile

        try:
            mine = my_profile(self.store) if in_cohort(self.store) else None
        except MentorkitError:
            return ""
        return mine.name if mine else ""

    def _default_paper(self) -> None:
        """A4, or the paper MENTORKIT_PAPER names; a setting that names none is said."""
        try:
            self.paper.value = default_paper()
        except SettingProblem as problem:
            self.status.value = status_html(str(problem), ok=False)

    def _restore(self) -> None:
        """Put back last time's choices and list the records as they are when the page is
        opened (a preheated kernel builds the page earlier, before the learner arrives)."""
        saved = self.store.drafts.get(DRAFT_KEY) or {}
        for name, f in self.profile.items():
            f.value = (saved.get("profile") or {}).get(name)
        self.title.value = saved.get("title", "Mentoring portfolio")
        self.name.value = saved.get("name") or self._profile_name()
        self.hours.value = saved.get("hours", True)
        self.tracking.value = saved.get("tracking", True)
        if saved.get("format") in FORMATS:
            self.format.value = saved["format"]
        if saved.get("paper") in PAPERS:
            self.paper.value = saved["paper"]
        self.sections.children = self._sections(saved)

    # building the page -------------------------------------------------------

    def _sections(self, saved: dict) -> list[Section]:
        kinds = saved.get("kinds", list(DEFAULT_KINDS))
        order = [k for k in kinds if k in OFFERED_KINDS]
        order += [k for k in OFFERED_KINDS if k not in order]
        left_out = saved.get("left_out", {})
        sections = [
            Section(kind, self.store.find(kind), kind in kinds, left_out.get(kind, []))
            for kind in order
        ]
        for section in sections:
            section.up.on_click(lambda _, s=section: self.move(s, -1))
            section.down.on_click(lambda _, s=section: self.move(s, +1))
        return sections

    def _layout(self) -> list[w.Widget]:
        return [
            style(),
            w.HTML(_CSS),
            w.HTML("<h2>About you</h2>"),
            self.title,
            self.name,
            *self.profile.values(),
            w.HTML(
                "<h2>What goes in</h2><p>Tick a section to include it, choose its records "
                "(hold Ctrl or ⌘ to pick several), and move sections up or down.</p>"
            ),
            self.sections,
            self.hours,
            self.tracking,
            w.HTML("<h2>Make it</h2>"),
            self.format,
            self.paper,
            w.HBox([self.preview_button, self.make_button]),
            self.status,
            self.download,
            self.shown,
        ]

    # what the buttons do -----------------------------------------------------

    def move(self, section: Section, step: int) -> None:
        """Move a section up (-1) or down (+1)."""
        order = list(self.sections.children)
        at = order.index(section)
        to = min(max(at + step, 0), len(order) - 1)
        order.insert(to, order.pop(at))
        self.sections.children = order

    def selection(self) -> Selection:
        """What is chosen on the page now."""
        included = [s for s in self.sections.children if s.include.value]
        return Selection(
            kinds=tuple(s.kind for s in included),
            chosen={s.kind: tuple(s.records.value) for s in included},
            profile={name: f.value or "" for name, f in self.profile.items()},
            hours=self.hours.value,
            tracking=self.tracking.value,
            title=self.title.value,
            name=self.name.value,
            paper=self.paper.value,
        )

    def preview(self) -> str:
        """Show the portfolio in the page, as it will read (every word escaped)."""
        from mentorkit.portfolio.text import html_body

        def show() -> str:
            body = html_body(build(self.store, self.selection()))
            self.shown.value = f'<div class="mk-preview">{body}</div>'
            return body

        return self._guarded(show, "Here is how it will read.") or ""

    def make(self) -> Path | None:
        """Write the file into the store's folder and offer it as a download."""

        def write() -> Path:
            folder = portfolio_folder(self.store)
            stamp = datetime.now().strftime("%Y-%m-%d-%H%M")
            target = folder / f"portfolio-{stamp}{FORMATS[self.format.value][1]}"
            written = export_portfolio(self.store, target, self.format.value, self.selection())
            self.download.value = self._link(written)
            return written

        return self._guarded(write, "Your portfolio is ready.")

    # helpers -----------------------------------------------------------------

    def _guarded(self, action: Any, done: str) -> Any:
        try:
            self._remember()
            result = action()
        except MentorkitError as exc:
            self.status.value = status_html(str(exc), ok=False)
            return None
        except Exception:  # a learner must never see a traceback
            log.exception("the portfolio could not be made")
            self.status.value = status_html(
                "Something went wrong and the portfolio was not made. Your records are "
                "safe; please try again, or choose another format.",
                ok=False,
            )
            return None
        self.status.value = status_html(done, ok=True)
        return result

    def _remember(self) -> None:
        """Keep the choices (and the profile) for next time, as a draft."""
        chosen = self.selection()
        self.store.drafts.save(
            DRAFT_KEY,
            {
                "kinds": list(chosen.kinds),
                "left_out": {
                    s.kind: [i for _, i in s.records.options if i not in s.records.value]
                    for s in self.sections.children
                },
                "profile": chosen.profile,
                "hours": chosen.hours,
                "tracking": chosen.tracking,
                "title": chosen.title,
                "name": chosen.name,
                "format": self.format.value,
                "paper": self.paper.value,
            },
        )

    def _link(self, path: Path) -> str:
        where = SAY_WHERE.format(folder=html.escape(str(path.parent)), name=html.escape(path.name))
        data = path.read_bytes()
        if len(data) > MAX_LINK_BYTES:
            return f"<p>{where}</p>"
        media = FORMATS[self.format.value][2]
        href = f"data:{media};base64,{base64.b64encode(data).decode('ascii')}"
        return (
            f'<p><a download="{html.escape(path.name)}" href="{href}">Download '
            f"{html.escape(path.name)}</a> ({len(data) // 1024 + 1} KB). {where}</p>"
        )


def builder(store: Any = None) -> PortfolioBuilder:
    """The portfolio builder for a notebook or a Voilà page."""
    return PortfolioBuilder(store)
