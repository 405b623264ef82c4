"""What the course and its self-checks say agrees with itself, and with the facts.

Each test here pins an error an assessor found: the hours quiz that named no
qualification, one scheme's "hour a month" taught as a norm, two agenda timings, the
levels of listening, and a log "nobody should ask to read".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mentorkit.course.catalogue import activities, data_file, quiz

COURSE = Path(__file__).resolve().parents[1] / "course"
NOTEBOOKS = sorted([*COURSE.rglob("*.ipynb"), *(COURSE.parent / "workbook").glob("*.ipynb")])
QUIZZES = sorted(data_file("quizzes").glob("*.json"))


def _markdown(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _quiz_words() -> list[tuple[str, str]]:
    """(where, words) for every question, option and reason of every self-check."""
    found = []
    for path in QUIZZES:
        for n, item in enumerate(json.loads(path.read_text(encoding="utf-8"))["items"], 1):
            found.append((f"{path.stem} Q{n}", item["question"]))
            found += [(f"{path.stem} Q{n}", f"{o['text']}. {o['why']}") for o in item["options"]]
    return found


def _sentences() -> list[tuple[str, str]]:
    """(where, sentence) across the course's notebooks and activity questions, and each
    quiz question, and option with its reason."""
    texts = [(p.stem, _markdown(p)) for p in NOTEBOOKS]
    texts += [(ref.activity, " ".join(ref.questions)) for ref in activities()]
    split = [(w, s) for w, text in texts for s in re.split(r"(?<=[.?!|])\s+|\n+", text)]
    return split + _quiz_words()  # an option and its reason stay together


def _right_answer(topic: str, asking: str) -> str:
    [item] = [i for i in quiz(topic)["items"] if re.search(asking, i["question"], re.I)]
    [right] = [o for o in item["options"] if o["correct"]]
    return right["text"]


def test_the_hours_quiz_names_the_qualification_each_total_belongs_to():
    right = _right_answer("12-endings-and-development", r"hours of supervised mentoring")
    assert re.search(r"\b6 hours for the ILM Level 3 Award in Workplace Mentoring\b", right)
    assert re.search(r"\b36 for the ILM Level 3 Certificate in Workplace Mentoring\b", right)


def test_an_hour_a_month_is_taught_as_a_schemes_rule_never_as_the_norm():
    right = _right_answer("04-contracting-and-agreement", r"how often")
    assert "hour a month" not in right
    as_norm = [
        (where, s)
        for where, s in _sentences()
        if re.search(r"\b(an|one) hour a month", s, re.I)
        and not re.search(r"\b(scheme|schemes|pilot|not a national|no national)\b", s, re.I)
    ]
    assert as_norm == []


def test_the_agenda_is_shared_at_the_same_time_wherever_the_course_says_when():
    """Topic 4 said "a few days before", topic 7 and its quiz "a day or so ahead"."""
    right = _right_answer("07-planning-sessions", r"share the agenda")
    timing = re.search(r"at least two working days before", right, re.I)
    assert timing, right
    when = re.compile(r"\b(day|days|week|weeks)\b[^.]{0,20}\b(ahead|before|beforehand)\b", re.I)
    verb = r"\b(share|shares|shared|send|sends|sent|email|emails|emailed|proposes?)\b"
    agenda = re.compile(rf"\b(agenda|topics)\b[^.]*{verb}|{verb}[^.]*\b(agenda|topics)\b", re.I)
    timed = [(w, s) for w, s in _sentences() if agenda.search(s) and when.search(s)]
    assert len(timed) >= 4
    assert [(w, s) for w, s in timed if timing[0].lower() not in s.lower()] == []


def _listening_levels(text: str) -> dict[str, str]:
    return {n: name.strip().lower() for n, name in re.findall(r"\|\s*\*\*(\d)\. ([^*]+)\*\*", text)}


def test_the_quiz_names_the_levels_of_listening_as_topic_3_teaches_them():
    taught = _listening_levels(_markdown(COURSE / "topics" / "03-roles-and-skills.ipynb"))
    assert taught == {"1": "internal listening", "2": "focused listening", "3": "global listening"}
    options = [o["text"] for i in quiz("03-roles-and-skills")["items"] for o in i["options"]]
    asked = dict(re.findall(r"^Level (\d): (.+)$", "\n".join(options), re.M))
    assert asked and {n: name.lower() for n, name in asked.items()} == {n: taught[n] for n in asked}
    assert "Level 1" in _right_answer("03-roles-and-skills", r"similar thing that happened to you")


def test_no_page_or_quiz_says_a_learners_log_will_never_be_asked_for():
    """An assessor may ask to read reflective entries: the course may not promise otherwise."""
    never = re.compile(
        r"nobody (should|will|may|can) (ever )?ask to (read|see)|(not|never) be asked to share"
        r"|won't be asked to share",
        re.I,
    )
    assert [(w, s) for w, s in _sentences() if never.search(s)] == []
    reasons = " ".join(
        o["why"] for i in quiz("10-reflective-practice")["items"] for o in i["options"]
    )
    assert re.search(r"\bassessor\b", reasons)


def _paragraphs() -> list[tuple[str, str]]:
    return [(p.stem, para) for p in NOTEBOOKS for para in re.split(r"\n\s*\n", _markdown(p))]


def test_where_records_live_is_told_for_a_cohort_as_well_as_for_ones_own_computer():
    """Topic 9 told a cohort learner their records were in a file only they could read."""
    only_you = re.compile(r"\bfile\b[^.]*\bonly (you|your user account)\b", re.I)
    told = [(w, para) for w, para in _paragraphs() if only_you.search(para)]
    assert told, "no page says where records are kept"
    assert [(w, para) for w, para in told if not re.search(r"\bcohort\b", para, re.I)] == []


def test_an_illegal_act_is_a_limit_of_confidentiality_only_where_law_or_policy_requires():
    """UK law has no general duty to report a past crime (guide 4 said otherwise)."""
    limit = re.compile(r"\b(illegal|crime)\b", re.I)
    required = re.compile(
        r"\b(law|policy)\b[^.|]*\b(requires?|says)\b|\brequires? a report\b", re.I
    )
    explains = re.compile(r"no general duty", re.I)
    said = [(w, s) for w, s in _sentences() if limit.search(s) and not explains.search(s)]
    unqualified = [(w, s) for w, s in said if not required.search(s)]
    assert unqualified == []
