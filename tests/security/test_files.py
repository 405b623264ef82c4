"""Attacks through files: another user of the computer opening a copy of the records while it
is being written, text that outlives its erasure, and one learner's files among another's.

A copy that is created readable and made private afterwards can be opened in between, and
an open file stays open: so every file is checked as it is created, with strace (every call
that may create a file there asks for 0600, every folder made is asked for 0700).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from factories import learning_log
from on_screen import find

from mentorkit.records import ActivityResponse
from mentorkit.store import Store

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CANARY = "Canary-7f3e: what I told nobody about the merger"

needs_strace = pytest.mark.skipif(
    shutil.which("strace") is None, reason="strace is not installed (Debian's strace package)"
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# erasure -------------------------------------------------------------------------------------


def _edit_left_unsaved(store, record_id: str) -> None:
    """Type into the journal's editor and walk away: the journal keeps the words as a draft."""
    from mentorkit.apps.journal import journal
    from mentorkit.forms import Form

    view = journal(store=store)
    view.edit(record_id)
    find(view.detail, kind=Form).fields["thoughts"].value = CANARY


@pytest.mark.both_backends
def test_purging_an_entry_erases_the_draft_of_an_edit_left_unsaved(store, store_path, backend):
    saved = store.add(learning_log())
    _edit_left_unsaved(store, saved.id)
    assert store.drafts.keys("form:"), "the journal kept no draft: the attack did not happen"

    store.purge(saved.id)

    if backend == "sqlite":
        for end in ("", "-wal", "-journal"):
            path = store_path.with_name(store_path.name + end)
            if path.exists():
                assert CANARY.encode() not in path.read_bytes(), path.name
    else:
        import psycopg

        with psycopg.connect(store_path) as admin:
            held = admin.execute(
                "SELECT count(*) FROM drafts WHERE body::text LIKE %s", (f"%{CANARY}%",)
            ).fetchone()[0]
        assert held == 0
    assert store.drafts.keys() == []


@pytest.mark.both_backends
def test_purging_a_course_answer_erases_what_was_typed_over_it(store):
    from mentorkit.apps.topic import Activity

    question = "What would you do differently?"
    answers = [{"question": question, "answer": "Listen more."}]
    saved = store.add(ActivityResponse(topic="04-reflection", activity="gibbs", answers=answers))
    page = Activity("04-reflection", "gibbs", [question], store=store)
    page.fields[0].value = CANARY  # typed over the saved answer, not saved
    assert CANARY in str(store.drafts.get(page.draft_key))

    store.purge(saved.id)

    assert store.drafts.get(page.draft_key) is None


# files private from their first byte ----------------------------------------------------------

_CREATING = re.compile(
    r'\b(?P<call>openat|open|creat|mkdirat|mkdir)\((?:(?:AT_FDCWD|\d+), )?"(?P<path>[^"]*)"'
    r"(?:, (?P<flags>[A-Z_|]+))?(?:, (?P<mode>0\d*))?"
)


def _created(trace: Path, cwd: Path, folder: Path) -> list[tuple[str, str, str]]:
    """(call, path, mode asked for) of every call in the trace that may create a file or a
    folder inside `folder`."""
    found = []
    for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
        for match in _CREATING.finditer(line):
            call, flags = match["call"], match["flags"] or ""
            if call.startswith("open") and "O_CREAT" not in flags:
                continue
            path = cwd / match["path"]
            if path.is_relative_to(folder):
                found.append((call, str(path), match["mode"] or "?"))
    return found


def _traced(args: list, cwd: Path, env: dict, folder: Path) -> list[tuple[str, str, str]]:
    """Run a command as a learner would (umask 022), under strace; what it made in `folder`."""
    trace = cwd / "strace.txt"
    strace = ["strace", "-f", "-qq", "-s", "4096", "-o", trace,
              "-e", "trace=open,openat,creat,mkdir,mkdirat"]  # fmt: skip
    done = subprocess.run(
        ["sh", "-c", 'umask 022 && exec "$@"', "sh", *map(str, strace), *map(str, args)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return _created(trace, cwd, folder)


def _assert_private(made: list[tuple[str, str, str]], folder: Path, written: Path) -> None:
    assert written.is_file()
    assert any(path == str(written) or "partial" in path for _, path, _ in made), made
    loose = [m for m in made if m[2] != ("0700" if m[0].startswith("mkdir") else "0600")]
    assert loose == [], f"created readable by others, if only for a moment: {loose}"
    for path in [folder, *folder.rglob("*")]:
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path


@pytest.fixture
def laptop(tmp_path):
    """A learner's own store with an entry in it, and the environment the commands run in."""
    home = tmp_path / "home"
    with Store.open(home / "mentorkit.db") as store:
        store.add(learning_log(thoughts=CANARY))
    env = {**os.environ, "MENTORKIT_HOME": str(home), "HOME": str(home)}
    env.pop("MENTORKIT_STORE_URL", None)
    return home / "mentorkit.db", env


WRITES = {
    "backup": ["backup", "mentorkit-backup.db"],
    "export json": ["export", "records.zip"],
    "export csv": ["export", "--format", "csv", "tables.zip"],
    "export docx": ["export", "portfolio.docx"],
    "export html": ["export", "portfolio.html"],
    "export md": ["export", "portfolio.md"],
    "export pdf": ["export", "portfolio.pdf"],
}


@needs_strace
@pytest.mark.parametrize("command", list(WRITES))
def test_a_backup_or_export_is_never_readable_by_another_user(tmp_path, laptop, command):
    store_path, env = laptop
    folder = tmp_path / "shared" / "copies"  # folders the command makes for it
    *verb, name = WRITES[command]
    made = _traced(
        [BIN / "mentorkit", "--store", store_path, *verb, folder / name], tmp_path, env,
        tmp_path / "shared",
    )  # fmt: skip
    _assert_private(made, tmp_path / "shared", folder / name)


@needs_strace
def test_a_cohort_backup_is_never_readable_by_another_user(tmp_path, pg_url):
    with Store.open(pg_url, owner="learner") as store:
        store.add(learning_log(thoughts=CANARY))
    env = {**os.environ, "MENTORKIT_STORE_URL": pg_url, "JUPYTERHUB_USER": "learner",
           "MENTORKIT_HOME": str(tmp_path / "home")}  # fmt: skip
    target = tmp_path / "shared" / "copies" / "mentorkit-backup.db"
    made = _traced([BIN / "mentorkit", "backup", target], tmp_path, env, tmp_path / "shared")
    _assert_private(made, tmp_path / "shared", target)
    with contextlib.closing(sqlite3.connect(target)) as copy:
        assert copy.execute("SELECT count(*) FROM records").fetchone()[0] == 1


FILL = """
import sys
from mentorkit.assess import fill
from mentorkit.store import Store
with Store.open(sys.argv[1]) as store:
    fill(sys.argv[2], store, source=sys.argv[3])
"""


@needs_strace
def test_a_filled_assignment_is_never_readable_by_another_user(tmp_path, laptop):
    from mentorkit.course.catalogue import all_activities

    store_path, env = laptop
    name = "unit304-good-practice"
    source = REPO / "workbook" / "assignments" / name / f"{name}.ipynb"
    with Store.open(store_path) as store:
        for ref in all_activities(REPO / "course"):
            answers = [{"question": q, "answer": CANARY} for q in ref.questions]
            store.add(ActivityResponse(topic=ref.topic, activity=ref.activity, answers=answers))
    folder = tmp_path / "assignment"
    folder.mkdir(mode=0o700)  # as nbgrader fetched it
    target = folder / source.name
    made = _traced([sys.executable, "-c", FILL, store_path, target, source], tmp_path, env, folder)
    _assert_private(made, folder, target)
    assert CANARY in target.read_text(encoding="utf-8")


PORTFOLIO = """
import sys
from mentorkit.apps.portfolio import PortfolioBuilder
from mentorkit.store import Store
with Store.open(sys.argv[1]) as store:
    builder = PortfolioBuilder(store)
    builder.format.value = sys.argv[2]
    print(builder.make())
"""


@needs_strace
@pytest.mark.parametrize("fmt", ["docx", "html", "md", "pdf"])
def test_a_portfolio_made_in_the_app_is_never_readable_by_another_user(tmp_path, laptop, fmt):
    store_path, env = laptop
    folder = store_path.parent / "portfolio"
    made = _traced([sys.executable, "-c", PORTFOLIO, store_path, fmt], tmp_path, env, folder)
    (written,) = folder.iterdir()
    _assert_private(made, folder, written)


# in a cohort, each person's own folder --------------------------------------------------------


def test_in_a_cohort_each_persons_portfolio_goes_to_their_own_folder(tmp_path, pg_url, monkeypatch):
    from mentorkit.apps.portfolio import PortfolioBuilder

    # On a trial hub every server runs as the hub's own system user: one home for all.
    monkeypatch.setenv("HOME", str(tmp_path / "hub"))
    written = {}
    for person in ("amira", "ben"):
        with Store.open(pg_url, owner=person) as store:
            store.add(learning_log(thoughts=f"{person}'s own thoughts"))
            builder = PortfolioBuilder(store)
            builder.format.value = "md"
            written[person] = builder.make()
    amira, ben = written["amira"], written["ben"]
    assert amira is not None and ben is not None
    assert amira.parent != ben.parent
    for person, path in written.items():
        assert person in path.parent.name
        assert [p.name for p in path.parent.iterdir()] == [path.name]
        assert _mode(path.parent) == 0o700 and _mode(path) == 0o600


@needs_strace
def test_a_restore_never_leaves_a_copy_readable_by_another_user(tmp_path, laptop):
    """Restoring copies the backup beside the store, and keeps the current store aside:
    each file it makes is created 0600 the first time it is opened, before any write."""
    store_path, env = laptop
    backup = tmp_path / "backups" / "kept.db"
    _traced([BIN / "mentorkit", "--store", store_path, "backup", backup], tmp_path, env, backup)
    there = set(map(str, store_path.parent.iterdir()))
    made = _traced(
        [BIN / "mentorkit", "--store", store_path, "restore", backup], tmp_path, env,
        store_path.parent,
    )  # fmt: skip
    first: dict[str, str] = {}
    for call, path, mode in made:
        first.setdefault(path, "0700" if call.startswith("mkdir") else mode)
    new = {path: mode for path, mode in first.items() if path not in there}
    assert any("before-restore" in path for path in new), made
    assert {path: mode for path, mode in new.items() if mode != "0600"} == {}
    for path in store_path.parent.iterdir():
        assert _mode(path) == 0o600, path
