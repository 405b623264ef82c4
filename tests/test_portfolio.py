"""A learner's portfolio: what goes in, in their order, as files they can open anywhere."""

from __future__ import annotations

import base64
import os
import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from factories import learning_log, sample
from hostile import load_cases

from mentorkit.apps.portfolio import builder
from mentorkit.errors import ArchiveProblem, SettingProblem
from mentorkit.portfolio import (
    FORMATS,
    Selection,
    build,
    export_portfolio,
    render,
)
from mentorkit.portfolio.document import READER, heading_of, linked
from mentorkit.portfolio.text import html_body, to_markdown
from mentorkit.records import (
    KINDS,
    ActivityResponse,
    Evidence,
    Goal,
    MenteeFeedback,
    Partnership,
    SessionRecord,
)

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
PRIVATE_NOTE = "Only the coordinator should read this: a private worry."


def fill(store):
    """A learner's store: evidence, goals, reflections, sessions, feedback and a private log."""
    store.add(Evidence(type="Certificate", name=f"First aid {HOSTILE}", date=date(2025, 5, 1),
                       description="Two-day course.\n\nRenewed every three years."))  # fmt: skip
    store.add(Evidence(type="Qualification", name="ILM Level 3", date=date(2026, 6, 1)))
    tasks = [{"what": "Draft an agenda", "deadline": "2026-02-01"}]
    goal = store.add(Goal(specific="Chair the weekly team meeting", status="Achieved",
                          achieved=True, lessons="Agree the agenda first.",
                          tasks=tasks))  # fmt: skip
    store.add(sample(KINDS["reflective-log"], 1, how_it_went=f"It went well {HOSTILE}"))
    session = store.add(SessionRecord(date=date(2026, 3, 1), duration=1.5))
    store.add(MenteeFeedback(rating=4, session=session.id, went_well="Clear actions.",
                             for_coordinator=PRIVATE_NOTE))  # fmt: skip
    store.add(learning_log(thoughts="My private journal thought."))
    return goal


class Page(HTMLParser):
    """Every start tag and every piece of text of an HTML document."""

    def __init__(self, markup: str):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attributes: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]

    def handle_data(self, data):
        self.text.append(data)

    @property
    def words(self) -> str:
        return "".join(self.text)


# what goes in ----------------------------------------------------------------------


def test_a_linked_record_and_a_course_answer_are_named_as_a_reader_knows_them(store):
    goal = fill(store)
    assert linked(store, goal.id).endswith(": Chair the weekly team meeting")
    answer = store.add(ActivityResponse(topic="06-smart-goals", activity="make-it-smart",
                                        answers=[{"question": "Q", "answer": "A"}]))  # fmt: skip
    assert heading_of(answer) == "Make it SMART"


def test_fields_meant_for_someone_else_never_enter_a_portfolio(store):
    fill(store)
    for kind in KINDS.values():
        store.add(sample(kind, 5))
    hidden = {
        (kind.kind, spec.name)
        for kind in KINDS.values()
        for spec in kind.specs()
        if spec not in kind.visible_to(READER)
    }
    assert hidden, "the record kinds should have at least one coordinator-only field"
    text = to_markdown(build(store, Selection(kinds=tuple(KINDS))))
    for kind_name, name in hidden:
        for record in store.find(kind_name):
            value = getattr(record, name)
            assert value and str(value).splitlines()[0] not in text, (kind_name, name)
    assert PRIVATE_NOTE not in text


def test_the_private_learning_log_is_out_unless_chosen(store):
    fill(store)
    assert "My private journal thought." not in to_markdown(build(store))
    chosen = Selection(kinds=("learning-log",))
    assert "My private journal thought." in to_markdown(build(store, chosen))


def test_sections_and_records_come_in_the_learners_order(store):
    fill(store)
    certificate, qualification = store.find(Evidence)[::-1]
    selection = Selection(
        kinds=("goal", "evidence"), chosen={"evidence": (qualification.id, certificate.id)}
    )
    text = to_markdown(build(store, selection))
    assert text.index("Goals and what came of them") < text.index("Evidence of achievement")
    assert text.index("ILM Level 3") < text.index("First aid")
    only_one = Selection(kinds=("evidence",), chosen={"evidence": (certificate.id,)})
    assert "ILM Level 3" not in to_markdown(build(store, only_one))


def test_mentoring_hours_add_up_per_partnership(store):
    # add() does not keep a record's partnership yet (reported), so these come in by import
    saved = {"owner": "learner", "revision": 1, "created": datetime(2026, 2, 1, tzinfo=UTC),
             "updated": datetime(2026, 2, 1, tzinfo=UTC)}  # fmt: skip
    partnership = Partnership(partner="Priya Shah", my_role="Mentor", status="Active",
                              id="p" * 32, **saved)  # fmt: skip
    linked = [
        SessionRecord(date=date(2026, n, 5), duration=1.5, id=f"s{n:031d}",
                      partnership=partnership.id, **saved)
        for n in (1, 2)
    ]  # fmt: skip
    store.import_records([[partnership], *([s] for s in linked)])
    store.add(SessionRecord(date=date(2026, 3, 9), duration=1))
    store.add(SessionRecord(date=date(2026, 3, 12)))  # no duration
    store.add(SessionRecord(date=date.today() + timedelta(days=7), duration=2))  # planned
    text = to_markdown(build(store, Selection(kinds=())))
    rows = {line.split(" | ")[0].strip("| "): line for line in text.splitlines() if "|" in line}
    assert "| 2 | 3 |" in rows["Priya Shah"]
    assert "| 1 | 1 |" in rows["Not linked to a partnership"]
    assert "| 3 | 4 |" in rows["Total"]
    assert "1 session has no duration recorded" in text


# the files -------------------------------------------------------------------------


def test_docx_has_real_headings_tables_and_the_text_as_typed(store, tmp_path):
    import docx

    fill(store)
    path = export_portfolio(store, tmp_path / "out" / "portfolio.docx",
                            selection=Selection(name="Sam Okafor"))  # fmt: skip
    doc = docx.Document(str(path))
    headings = [
        (p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Head", "Title"))
    ]
    assert headings[0] == ("Title", "Mentoring portfolio")
    assert ("Heading 1", "Evidence of achievement") in headings
    assert ("Heading 1", "Goals and what came of them") in headings
    assert ("Heading 2", "Chair the weekly team meeting") in headings
    assert ("Heading 1", "Mentoring hours") in headings
    evidence = doc.tables[0]
    assert [c.text for c in evidence.rows[0].cells] == [s.label for s in Evidence.specs()]
    newest, oldest = ([c.text for c in row.cells] for row in evidence.rows[1:])
    assert newest[:3] == ["Qualification", "ILM Level 3", "1 June 2026"]
    assert oldest[1] == f"First aid {HOSTILE}" and "Two-day course." in oldest[3]
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Agree the agenda first." in body and f"It went well {HOSTILE}" in body
    assert PRIVATE_NOTE not in body + "".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert doc.core_properties.author == "Sam Okafor"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def _page_mm(path) -> tuple[float, float]:
    import docx

    [section] = docx.Document(str(path)).sections
    return round(section.page_width.mm, 1), round(section.page_height.mm, 1)


def test_a_word_portfolio_is_on_a4_unless_letter_is_asked_for(store, tmp_path):
    fill(store)
    assert _page_mm(export_portfolio(store, tmp_path / "a4.docx")) == (210.0, 297.0)
    letter = export_portfolio(store, tmp_path / "letter.docx", selection=Selection(paper="letter"))
    assert _page_mm(letter) == (215.9, 279.4)


def test_the_paper_setting_chooses_for_every_portfolio_and_an_unknown_size_is_named(
    store, tmp_path, monkeypatch
):
    monkeypatch.setenv("MENTORKIT_PAPER", "Letter")
    assert _page_mm(export_portfolio(store, tmp_path / "p.docx")) == (215.9, 279.4)
    monkeypatch.setenv("MENTORKIT_PAPER", "A5")
    with pytest.raises(SettingProblem, match="no paper size 'A5'.*A4 or Letter"):
        export_portfolio(store, tmp_path / "q.docx")
    assert not (tmp_path / "q.docx").exists()


def test_the_pdf_is_on_the_same_paper_as_the_word_document(store):
    from mentorkit.portfolio.pdf import find_font

    try:
        find_font()
    except ArchiveProblem:
        pytest.skip("no Unicode TrueType font here (Debian: fonts-dejavu-core)")
    for paper, points in (("A4", (595.28, 841.89)), ("Letter", (612.0, 792.0))):
        data = render(build(store, Selection(paper=paper)), "pdf")
        [box] = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data))
        assert tuple(float(n) for n in box) == points


def test_html_is_one_standalone_file_with_hostile_text_shown_escaped(store, tmp_path):
    fill(store)
    path = export_portfolio(store, tmp_path / "portfolio.html")
    markup = path.read_text(encoding="utf-8")
    page = Page(markup)
    assert "script" not in page.tags and "img" not in page.tags
    assert f"First aid {HOSTILE}" in page.words
    assert f"It went well {HOSTILE}" in page.words
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert PRIVATE_NOTE not in markup
    assert "@media print" in markup
    assert not {"src", "href"} & set(page.attributes)  # one file: nothing fetched from outside
    assert not [a for a in page.attributes if a.startswith("on")]
    assert page.tags.count("h2") >= 4 and "table" in page.tags


def test_markdown_shows_hostile_text_as_text(store):
    fill(store)
    text = to_markdown(build(store))
    assert "<script>" not in text and "<img" not in text
    assert "First aid &lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_pdf_is_made_without_a_browser(store, tmp_path):
    from mentorkit.portfolio.pdf import find_font

    try:
        find_font()
    except ArchiveProblem:
        pytest.skip("no Unicode TrueType font here (Debian: fonts-dejavu-core)")
    fill(store)
    data = export_portfolio(store, tmp_path / "portfolio.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type /Page\b", data)) >= 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_accepted_hostile_input_makes_every_format(store, fmt):
    for case in load_cases():
        if case.expect == "accept" and len(case.text) < 20_000:
            store.add(Evidence(type="Other", name=case.name, description=case.text))
    try:
        data = render(build(store), fmt)
    except ArchiveProblem as exc:  # only a missing PDF font may stop one
        assert fmt == "pdf" and "font" in str(exc)
        return
    assert len(data) > 1000


def test_a_portfolio_that_cannot_be_written_leaves_nothing(store, tmp_path):
    fill(store)
    folder = tmp_path / "locked"
    folder.mkdir()
    os.chmod(folder, 0o500)
    try:
        with pytest.raises(ArchiveProblem, match="could not be written"):
            export_portfolio(store, folder / "portfolio.docx")
    finally:
        os.chmod(folder, 0o700)
    assert list(folder.iterdir()) == []


# the builder -----------------------------------------------------------------------


def test_builder_previews_escaped_and_offers_the_file_for_download(store):
    fill(store)
    page = builder(store)
    page.profile["job_skills"].value = f"Planning {HOSTILE}"
    preview = page.preview()
    assert "<script" not in page.shown.value and "<img" not in page.shown.value
    assert "Planning &lt;script&gt;" in preview and "Personal profile" in preview
    page.format.value = "html"
    written = page.make()
    assert written.parent == store.path.parent / "portfolio" and written.suffix == ".html"
    link = re.search(r'href="data:text/html;base64,([^"]+)"', page.download.value)
    assert base64.b64decode(link.group(1)) == written.read_bytes()
    assert "ready" in page.status.value


def test_builder_keeps_the_learners_order_and_choices_for_next_time(store):
    goal = fill(store)
    page = builder(store)
    sections = {s.kind: s for s in page.sections.children}
    page.move(sections["goal"], -1)
    sections["learning-log"].include.value = True
    sections["evidence"].include.value = False
    chosen = page.selection()
    assert chosen.kinds[:2] == ("goal", "reflective-log") and "evidence" not in chosen.kinds
    assert chosen.kinds[-1] == "learning-log" and chosen.chosen["goal"] == (goal.id,)
    page.preview()
    again = builder(store)
    assert again.selection().kinds == chosen.kinds
    assert again.profile["job_skills"].value == ""
    assert [s.kind for s in again.sections.children][:2] == ["goal", "reflective-log"]


def test_builder_makes_a4_or_letter_as_chosen_and_keeps_the_choice(store, monkeypatch):
    fill(store)
    page = builder(store)
    assert page.paper.value == "A4"
    page.paper.value = "Letter"
    assert _page_mm(page.make()) == (215.9, 279.4)
    assert builder(store).paper.value == "Letter"
    monkeypatch.setenv("MENTORKIT_PAPER", "A3")
    said = builder(store).status.value
    assert "no paper size &#x27;A3&#x27;" in said and "choose A4 or Letter" in said


def test_builder_turns_a_problem_into_words(store):
    fill(store)
    page = builder(store)
    page.format.value = "docx"
    (store.path.parent / "portfolio").write_text("a file where the folder should be")
    assert page.make() is None
    assert "could not be written" in page.status.value and "Traceback" not in page.status.value
    assert html_body(build(store))  # the store itself is fine
