"""Write the nbgrader source assignments (workbook/assignments) from `briefs_plan.py`.

A maintainer's tool: change the plan (or the course's activities and criteria), then run
`.venv/bin/python tools/briefs.py` from the repository and commit the notebooks it writes.
Each graded cell gets its rubric (one line per part of its criterion, a point each, all of
them to meet it) from mentorkit/data/criteria.json, and its questions from activities.json;
model answers already in an answer cell of the current notebooks are kept. `--out DIR`
writes them elsewhere (a test compares the two).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from briefs_plan import ALL  # noqa: E402
from briefs_words import how_many, intro, named  # noqa: E402

from mentorkit.course.catalogue import activities, criteria, pages  # noqa: E402
from mentorkit.records import kind_of  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "workbook" / "assignments"
STUB = (
    "*Assessor's copy.* When the assignment is generated, this cell is cleared; when a "
    "learner submits with `mentorkit assess submit`, {what} filled in here, exactly as "
    "saved."
)
CRITERIA = {c.id: c for c in criteria()}
REFS = {a.activity: a for a in activities()}
TOPICS = {p.key: p.title for p in pages(REPO / "course")}


def models() -> dict[tuple[str, str], str]:
    """Model answers in the current source notebooks, by assignment and grade id."""
    found = {}
    for path in SOURCE.glob("*/*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            text = "".join(cell["source"])
            if meta.get("solution") and not text.startswith("*Assessor"):
                found[(path.stem, meta["grade_id"])] = text
    return found


MODELS = models()


def parts(cid: str) -> list[tuple[str, str]]:
    """(key, words) for each part of a criterion; one part, the whole, when it has none."""
    crit = CRITERIA[cid]
    return [(part.key, part.text) for part in crit.parts] or [("", crit.text)]


def nbg(gid, *, grade=False, solution=False, locked=True, points=0):
    return {
        "grade": grade,
        "grade_id": gid,
        "locked": locked,
        "points": points,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }


def md(gid, text, **kw):
    cell = nbformat.v4.new_markdown_cell(text, id=gid)
    cell.metadata["nbgrader"] = nbg(gid, **kw)
    return cell


def code(gid, text, criteria_ids):
    cell = nbformat.v4.new_code_cell(text, id=gid)
    cell.metadata["nbgrader"] = nbg(gid)
    cell.metadata["mentorkit"] = {"advice": True, "criteria": criteria_ids}
    # The assessor's copy has no learner's answers, so a check may be not met when the
    # source notebook is run top to bottom (nbval): that is expected there.
    cell.metadata["tags"] = ["raises-exception"]
    return cell


def prompt(item, number: str, unit_hours) -> tuple[str, dict]:
    cid = item["criterion"]
    crit = CRITERIA[cid]
    lines, spec, what = [], {}, []
    title = item.get("title")
    if item["activity"]:
        ref = REFS[item["activity"]]
        title = title or ref.title
        spec.update(
            topic=ref.topic,
            activity=ref.activity,
            title=ref.title,
            topic_title=TOPICS[ref.topic],
            questions=len(ref.questions),
        )
        if item["question"]:
            spec["question"] = item["question"]
            q = ref.questions[item["question"] - 1]
            lines.append(
                f"Your answer to question {item['question']} of the activity “{ref.title}” "
                f"in *{TOPICS[ref.topic]}*:\n\n{item['question']}. {q}"
            )
        else:
            qs = "\n".join(f"{n}. {q}" for n, q in enumerate(ref.questions, 1))
            lines.append(
                f"Your answers to the activity “{ref.title}” in *{TOPICS[ref.topic]}*:\n\n{qs}"
            )
        what.append("their saved answers")
    if item["hours"]:
        kind = kind_of(item["hours"])
        spec.update(hours=item["hours"], columns=item["columns"])
        title = title or "Your practice log"
        lines.append(
            f"**Your practice log.** mentorkit lists every {kind.title.lower()} you have saved "
            f"with a date up to the day you hand in, with its length in hours, and adds them "
            f"up. Sessions still to come are left out, and so are your notes: only the date, "
            f"the hours and how you met leave your store. This unit asks for at least "
            f"**{unit_hours} hours** of mentoring."
        )
        what.append("their practice log")
    if item["evidence"]:
        spec.update(evidence=item["evidence"], at_least=item["at_least"])
        title = title or f"Your {' and '.join(named(k, 2) for k in item['evidence'])}"
        lines.append(
            f"**Records you hand in:** {how_many(item)}, chosen by you. "
            "`mentorkit assess evidence` lists yours with their ids: add `--evidence ID` for "
            "each when you submit. Each is handed in as you saved it."
        )
        what.append("the records they choose")
    if item["note"]:
        lines.append(f"*{item['note']}*")
    wanted = item.get("parts")
    rubric = [
        {"criterion": cid, "part": key, "points": 1, "text": text}
        for key, text in parts(cid)
        if wanted is None or key in wanted
    ]
    spec.update(criteria=[cid], rubric=rubric, pass_mark=len(rubric))
    looks = "\n".join(f"- {line['text']}" for line in rubric)
    n = len(rubric)
    head = f"### {number} {title}\n\nCriterion **{cid}**: {crit.text}.\n\n"
    body = "\n\n".join(lines)
    if n == 1:
        what_part = (
            "this part of the criterion" if rubric[0]["part"] else "the criterion as a whole"
        )
        marks = (
            f"**What your assessor looks for:** {what_part}, one point. The criterion is "
            "met only when it is there; otherwise it is *not yet*."
        )
    else:
        marks = (
            f"**What your assessor looks for:** each of these {n} parts of the criterion, "
            f"a point for each. The criterion is met only when {'both' if n == 2 else f'all {n}'}"
            " are there; a part "
            "missing means *not yet*."
        )
    marks += f"\n\n{looks}"
    text = head + body + "\n\n" + marks
    return text, spec, " and ".join(what)


def check_call(fn: str, *args) -> str:
    return f"from mentorkit.assess.checks import {fn}\n{fn}({', '.join(map(repr, args))})"


def build(a) -> nbformat.NotebookNode:
    name = a["name"]
    file = f"{name}.ipynb"
    cells = [md("intro", intro(a))]
    for s_n, section in enumerate(a["sections"], 1):
        ids = list(dict.fromkeys(i["criterion"] for i in section["items"]))
        low, high = section["words"]
        cells.append(
            md(
                f"section-{s_n}",
                (
                    f"## {s_n}. {section['title']}\n\n{section['lead']}\n\n"
                    f"Criteria: {', '.join(f'**{i}**' for i in ids)}. Your answers in this "
                    f"section: **{low:,} to {high:,} words**."
                ),
            )
        )
        written = []
        for i_n, item in enumerate(section["items"], 1):
            text, spec, what = prompt(item, f"{s_n}.{i_n}", a.get("hours"))
            gid = item["gid"]
            cells.append(md(f"{gid}-prompt", text))
            model = MODELS.get((a.get("models_from", name), gid)) or MODELS.get((name, gid))
            verb = "is" if what == "their practice log" else "are"
            answer = md(
                gid,
                model or STUB.format(what=f"{what} {verb}"),
                grade=True,
                solution=True,
                locked=False,
                points=len(spec["rubric"]),
            )
            answer.metadata["mentorkit"] = spec
            cells.append(answer)
            cid = item["criterion"]
            if item["parts_check"]:
                cells.append(
                    code(
                        f"{gid}-parts",
                        check_call(
                            "check_parts",
                            file,
                            gid,
                            item["parts_check"],
                            f"Your answer to {s_n}.{i_n}",
                        ),
                        [cid],
                    )
                )
            if item["words"]:
                cells.append(
                    code(
                        f"{gid}-words",
                        check_call(
                            "check_words", file, gid, *item["words"], f"Your answer to {s_n}.{i_n}"
                        ),
                        [cid],
                    )
                )
            if item["hours"]:
                cells.append(
                    code(
                        f"{gid}-hours",
                        check_call("check_hours", file, gid, a["hours"], "Your practice log"),
                        [cid],
                    )
                )
            if item["activity"]:
                written.append(gid)
        if written:
            cells.append(
                code(
                    f"section-{s_n}-words",
                    check_call("check_words", file, written, low, high, f"Section {s_n}"),
                    ids,
                )
            )
    low, high = a["words"]
    every = list(dict.fromkeys(i["criterion"] for s in a["sections"] for i in s["items"]))
    cells.append(
        code(
            "all-words",
            check_call("check_all_words", file, low, high, "The whole assignment"),
            every,
        )
    )
    cells.append(
        md(
            "end",
            (
                "## Before and after you submit\n\n"
                f"Submit with `mentorkit assess submit {name} --course-dir COURSE_FOLDER`"
                + (
                    ", adding `--evidence ID` once for each record you choose"
                    if any(i["evidence"] for s in a["sections"] for i in s["items"])
                    else ""
                )
                + ". Afterwards, your copy of this notebook (in the folder you submitted from) "
                "holds exactly what you handed in. Open it and run the grey check cells (select "
                "each and press Shift+Enter) to see what the computer counts: words in each "
                "section and in all, and anything else the brief asks for. The checks are advice: "
                "your assessor decides each criterion. If a check is not met, change your answer "
                "in the course and submit again."
            ),
        )
    )
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SOURCE, help="where to write them")
    out = parser.parse_args().out
    for brief in ALL:
        nb = build(brief)
        nbformat.validate(nb)
        folder = out / brief["name"]
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        (folder / f"{brief['name']}.ipynb").write_text(text, encoding="utf-8")
        print(f"Wrote {folder / brief['name']}.ipynb")


if __name__ == "__main__":
    main()
