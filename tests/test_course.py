"""The course: every topic complete in shape, activities and self-checks that save, coverage."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from mentorkit.apps.topic import Activity, activity, mark_complete, self_check
from mentorkit.course.catalogue import (
    activities,
    activities_in,
    activity_ref,
    all_activities,
    criteria,
    criteria_for,
    pages,
    quiz,
)
from mentorkit.course.directory import CourseDirectory
from mentorkit.course.progress import coverage_rows, page_statuses
from mentorkit.course.reflection import stages_present
from mentorkit.errors import ActivityNotFound
from mentorkit.records import ActivityResponse, QuizAttempt, TopicProgress

ROOT = Path(__file__).resolve().parents[1] / "course"
TOPICS = sorted((ROOT / "topics").glob("*.ipynb"))
GUIDES = sorted((ROOT / "guides").glob("*.ipynb"))


def _markdown(path: Path) -> str:
    cells = json.loads(path.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _code(path: Path) -> list[str]:
    cells = json.loads(path.read_text())["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def test_there_are_at_least_twelve_topics_and_five_guides():
    assert len(TOPICS) >= 12 and len(GUIDES) >= 5
    # a letter after the number places a topic between two others (04a sits after 04)
    assert all(re.fullmatch(r"\d\d[a-z]?-[a-z-]+\.ipynb", p.name) for p in TOPICS)


@pytest.mark.parametrize("path", TOPICS, ids=[p.stem for p in TOPICS])
def test_every_topic_has_objectives_activities_a_self_check_and_a_summary(path):
    text, code = _markdown(path), "\n".join(_code(path))
    assert re.search(r"^## What you will be able to do", text, re.M)
    assert re.search(r"^## Summary", text, re.M)
    assert re.search(r"^## Reflective questions", text, re.M)
    assert f'self_check("{path.stem}")' in code
    assert f'mark_complete("{path.stem}")' in code
    found = activities_in(path)
    assert len(found) >= 2
    assert {a.topic for a in found} == {path.stem}
    assert len({a.activity for a in found}) == len(found), "activity slugs must be unique"
    words = len(re.findall(r"\w+", text))
    assert 1200 <= words <= 4000, words


@pytest.mark.parametrize("path", [*TOPICS, *GUIDES], ids=[p.stem for p in [*TOPICS, *GUIDES]])
def test_notebooks_hold_words_and_one_line_calls_only(path):
    for source in _code(path):
        tree = ast.parse(source)
        assert len(tree.body) <= 3, source
        for node in ast.walk(tree):
            assert not isinstance(node, ast.Import), source
            if isinstance(node, ast.ImportFrom):
                assert node.module.startswith("mentorkit"), source
            assert not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.For), source


def test_the_course_is_found_from_any_folder_inside_it(monkeypatch):
    monkeypatch.delenv("MENTORKIT_COURSE", raising=False)
    for start in (ROOT.parent, ROOT, ROOT / "topics", ROOT.parent / "workbook" / "assignments"):
        found = CourseDirectory.find(start)
        assert (found.course, found.workbook) == (ROOT, ROOT.parent / "workbook"), start
    assert found.assignments.is_dir() and found.missing() == []


def test_outside_any_course_the_checkout_beside_the_package_is_used(tmp_path, monkeypatch):
    monkeypatch.delenv("MENTORKIT_COURSE", raising=False)
    assert CourseDirectory.find(tmp_path) == CourseDirectory.at(ROOT.parent)


def test_mentorkit_course_names_the_course_folder_wherever_we_are(tmp_path, monkeypatch):
    monkeypatch.setenv("MENTORKIT_COURSE", str(tmp_path / "course"))
    found = CourseDirectory.find(ROOT)
    assert found == CourseDirectory.at(tmp_path)
    assert found.missing() == ["course", "workbook"]


def test_an_activity_is_found_by_its_id_alone():
    ids = [ref.activity for ref in activities()]
    assert len(set(ids)) == len(ids), "activity ids must be unique across the course"
    ref = activity_ref("sort-the-help")
    assert (ref.topic, ref.title) == ("01-what-mentoring-is", "Sort the help")
    assert ref.questions[0] == "Situations A and B: which kind of help fits each best, and why?"


def test_a_topic_shows_its_activities_by_id_in_the_order_of_the_data():
    """The questions live in mentorkit/data/activities.json; a topic's cell names the id."""
    for path in TOPICS:
        shown = re.findall(r'^activity\("([a-z0-9-]+)"\)$', "\n".join(_code(path)), re.M)
        assert shown == [ref.activity for ref in activities_in(path)], path.stem


def test_an_activity_shows_the_questions_title_and_criteria_of_its_id(store):
    ref = activity_ref("make-it-smart")
    shown = activity("make-it-smart", store=store)
    assert (shown.topic, shown.activity, shown.criteria) == (ref.topic, ref.activity, ref.criteria)
    assert [f.spec.label for f in shown.fields] == list(ref.questions)
    assert any(ref.title in str(getattr(part, "value", "")) for part in shown.children)


def test_an_unknown_activity_id_is_told_the_closest_one():
    with pytest.raises(ActivityNotFound, match="“sort-the-hepl”. Did you mean “sort-the-help”"):
        activity_ref("sort-the-hepl")


def test_every_activity_names_criteria_that_exist():
    known = {c.id for c in criteria()}
    for ref in all_activities(ROOT):
        assert ref.criteria, ref
        assert {c.partition("#")[0] for c in ref.criteria} <= known, ref


def test_every_criterion_is_covered_by_at_least_one_activity():
    # an activity may name one part of a criterion ("305-3.2#evaluation"); a criterion of
    # the Certificate's practice unit (306) takes the activities of its 305 twin
    covered = {c.partition("#")[0] for ref in all_activities(ROOT) for c in ref.criteria}
    missing = [c.id for c in criteria() if not set(c.answers_to) & covered]
    assert missing == []


#: How a quiz reason must not begin: the quiz gives the verdict before it
VERDICT = r"(Yes|Right|Correct|No|Wrong|Not quite)\b"


@pytest.mark.parametrize("path", TOPICS, ids=[p.stem for p in TOPICS])
def test_every_quiz_item_has_one_right_answer_and_a_reason_for_each_option(path):
    items = quiz(path.stem)["items"]
    assert len(items) >= 4
    for item in items:
        assert sum(o["correct"] for o in item["options"]) == 1, item["question"]
        assert all(o["why"].strip() for o in item["options"]), item["question"]
        # the quiz says "Right." or "Not quite." itself: a reason that says it too doubled it
        # ("✓ Right. Right. …"), and the right answer's reason followed "Not quite."
        verdicts = [o["why"] for o in item["options"] if re.match(VERDICT, o["why"])]
        assert verdicts == [], item["question"]


def test_an_activity_saves_its_answers_and_shows_them_on_return(store):
    first = Activity("01-x", "warm-up", ["What is mentoring?", "Who helped you?"],
                     criteria=["304-1.1"], store=store)  # fmt: skip
    first.fields[0].value = "A relationship for growth 🌱 <b>bold?</b>"
    saved = first.save()
    assert saved.answers[0].answer == "A relationship for growth 🌱 <b>bold?</b>"
    assert saved.criteria == ["304-1.1"]

    again = Activity("01-x", "warm-up", ["What is mentoring?", "Who helped you?"], store=store)
    assert again.fields[0].value == "A relationship for growth 🌱 <b>bold?</b>"
    assert "Your answers, saved on" in again.status.value
    again.fields[1].value = "My first manager"
    assert again.save().revision == 2
    assert len(store.find(ActivityResponse)) == 1


def test_half_typed_answers_come_back_after_a_reload_until_they_are_saved(store):
    """Guide 1 promises that typing is kept; an activity kept none of it."""
    questions = ["What is mentoring?", "Who helped you?"]
    first = Activity("01-x", "warm-up", questions, store=store)
    first.fields[0].value = "A relationship for growth"
    first.save()
    first.fields[1].value = "My first manager, half typ"  # and then the page is reloaded

    again = Activity("01-x", "warm-up", questions, store=store)
    assert [f.value for f in again.fields] == ["A relationship for growth",
                                                "My first manager, half typ"]  # fmt: skip
    assert "We kept what you were typing last time" in again.status.value
    assert store.find(ActivityResponse)[0].answers[1].answer is None  # not saved until Save
    again.save()
    third = Activity("01-x", "warm-up", questions, store=store)
    assert "Your answers, saved on" in third.status.value and "kept" not in third.status.value
    assert third.fields[1].value == "My first manager, half typ"


def test_an_empty_activity_is_not_saved(store):
    empty = Activity("01-x", "warm-up", ["Q?"], store=store)
    assert empty.save() is None
    assert "at least one question" in empty.status.value
    assert store.find(ActivityResponse) == []


def test_the_self_check_scores_explains_and_saves_every_attempt(store):
    check = self_check("01-what-mentoring-is", store=store)
    items = check.items
    right = [next(n for n, o in enumerate(i["options"]) if o["correct"]) for i in items]
    n = len(items)
    assert check.check() is None
    assert f"questions {', '.join(map(str, range(1, n)))} and {n}, then" in check.status.value
    for choice, answer in zip(check.choices[:-1], right, strict=False):
        choice.value = answer
    assert check.check() is None and f"Choose an answer for question {n}," in check.status.value

    for choice, answer in zip(check.choices, right, strict=True):
        choice.value = answer
    check.choices[0].value = (right[0] + 1) % len(items[0]["options"])
    attempt = check.check()
    assert attempt.score == len(items) - 1 and attempt.out_of == len(items)
    assert "Not quite" in check.feedback[0].value and "Right" in check.feedback[1].value
    assert f"You scored {len(items) - 1} out of {len(items)}" in check.status.value

    check.choices[0].value = right[0]  # changed, not yet checked: the old verdict goes
    assert check.feedback[0].value == "" and "Right" in check.feedback[1].value
    assert check.check().score == len(items)
    attempts = store.find(QuizAttempt)
    assert sorted(a.score for a in attempts) == [len(items) - 1, len(items)]
    back = self_check("01-what-mentoring-is", store=store)
    assert f"best so far: {len(items)} out of {len(items)} (2 attempts)" in back.status.value


def test_marking_a_topic_complete_is_remembered(store):
    box = mark_complete("02-benefits", store=store)
    box.box.value = True
    assert mark_complete("02-benefits", store=store).box.value is True
    box.box.value = False
    [progress] = store.find(TopicProgress)
    assert progress.complete is False and progress.revision == 2


def test_progress_shows_complete_started_and_not_started(store):
    Activity("03-roles-and-skills", "x", ["Q?"], store=store).fields[0].value = "draft"
    started = Activity("03-roles-and-skills", "x", ["Q?"], store=store)
    started.fields[0].value = "an answer"
    started.save()
    mark_complete("01-what-mentoring-is", store=store).box.value = True
    statuses = {key: status for key, _, status in page_statuses(store, ROOT)}
    assert statuses["01-what-mentoring-is"] == "Complete"
    assert statuses["03-roles-and-skills"] == "Started"
    assert statuses["02-benefits"] == "Not started"
    assert len(statuses) == len(pages(ROOT))


def test_coverage_names_the_gaps_and_what_is_evidenced(store):
    before = {r["criterion"]: r for r in coverage_rows(store, ROOT)}
    assert not any(r["evidenced"] for r in before.values())
    ref = next(a for a in all_activities(ROOT) if "304-2.1" in a.criteria)
    answered = activity(ref.activity, store=store)
    answered.fields[0].value = "Coaching is shorter and skills-focused."
    answered.save()
    after = {r["criterion"]: r for r in coverage_rows(store, ROOT)}
    assert after["304-2.1"]["evidenced"] and after["304-2.1"]["answered"]
    assert not after["304-1.1"]["evidenced"] or "304-1.1" in ref.criteria
    assert len(after) == len(criteria_for("award"))  # the Award until the learner chooses


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "We met in the canteen and talked about her rota. I felt uneasy at first. "
            "Asking open questions worked well, because she had the answer already. "
            "I learnt to wait. Next time I will leave longer silences.",
            ["Description", "Feelings", "Evaluation", "Analysis", "Conclusion", "Action plan"],
            [],
        ),
        ("I felt proud and relieved.", ["Feelings"], ["Description", "Action plan"]),
        ("", [], ["Description", "Feelings"]),
    ],
)
def test_the_reflection_check_finds_the_gibbs_stages_written_about(text, present, absent):
    found = stages_present(text)
    assert [s for s in present if not found[s]] == []
    assert [s for s in absent if found[s]] == []


def test_the_landing_page_links_every_workbook_app():
    index = _markdown(ROOT / "index.ipynb")
    apps = sorted((ROOT.parent / "workbook").glob("*.ipynb"))
    missing = [p.name for p in apps if f"../workbook/{p.name}" not in index]
    assert missing == []
    for page in pages(ROOT):
        assert str(page.path.relative_to(ROOT)) in index, page.key


NOTEBOOKS = sorted(
    p
    for p in [*ROOT.rglob("*.ipynb"), *(ROOT.parent / "workbook").glob("*.ipynb")]
    if ".ipynb_checkpoints" not in p.parts  # JupyterLab's copies, beside a notebook it saved
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_link_between_notebooks_opens_one_that_is_there(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    targets = re.findall(r"\]\(([^)#:\s]+\.ipynb)(?:#[^)]*)?\)", text)
    missing = [t for t in targets if not (path.parent / t).resolve().is_file()]
    assert missing == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_the_code_behind_the_forms_cannot_be_edited_or_deleted_by_accident(path):
    """In JupyterLab a learner sees the code cells: an edited question stopped the saved
    answers to it from loading, and a deleted cell took its form with it."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c["metadata"] for c in cells if c["cell_type"] == "code"]
    assert all(m.get("editable") is False and m.get("deletable") is False for m in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_a_notebook_with_forms_says_how_to_run_it_in_jupyterlab(path):
    """In JupyterLab a notebook opens with its code not yet run: no forms, and nothing said.
    The note is hidden in the web app (the Voilà template), which runs itself."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    notes = [c for c in cells if 'class="mk-lab-only"' in "".join(c["source"])]
    assert len(notes) == 1 and "Run All Cells" in "".join(notes[0]["source"])
    assert cells.index(notes[0]) <= 1  # at the top, under the title


def _links(key: str) -> dict[str, str]:
    """The links at the foot of a guide or topic, by their words."""
    found = mark_complete(key).links.value
    assert found.startswith('<nav class="mk-course-nav" aria-label="Course pages">')
    return {re.sub(r"<[^>]+>", "", words): href
            for href, words in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', found)}  # fmt: skip


def test_every_guide_and_topic_links_back_to_the_course_and_on_in_course_order(monkeypatch):
    monkeypatch.setenv("MENTORKIT_COURSE", str(ROOT))
    found = pages(ROOT)
    for before, page, after in zip([None, *found], found, [*found[1:], None], strict=False):
        links = _links(page.key)
        targets = {words.split(":")[0]: (page.path.parent / href).resolve()
                   for words, href in links.items()}  # fmt: skip
        assert targets.pop("← Back to the course home page") == ROOT / "index.ipynb"
        assert targets == {
            **({"Previous": before.path} if before else {}),
            **({"Next": after.path} if after else {}),
        }, page.key
    assert f"Next: {found[len(GUIDES)].title}" in _links(found[len(GUIDES) - 1].key)


def test_the_landing_page_dates_a_goal_by_the_day_it_was_set(store):
    from datetime import date

    from mentorkit.course.progress import saved_counts
    from mentorkit.records import Goal

    store.add(Goal(specific="Chair a meeting", status="Not started",
                   target_date=date(2027, 3, 31)))  # fmt: skip
    assert f"Goal: 1 saved, latest {date.today():%-d %B %Y}" in saved_counts(store)
