"""The `mentorkit` command, run through its real entry point as a learner or a script would."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from factories import learning_log
from ports import free_port

from mentorkit.records import Goal
from mentorkit.store import Store

MENTORKIT = Path(sys.executable).with_name("mentorkit")
ROOT = Path(__file__).resolve().parents[1]


def run(*args, store: Path | None = None, stdin: str | None = None, home: Path | None = None):
    """`mentorkit [--store STORE] ARGS...`, as the learner `learner`; never a traceback."""
    env = {**os.environ, "JUPYTERHUB_USER": "learner"}
    env.pop("MENTORKIT_DEBUG", None)
    if home is not None:
        env["MENTORKIT_HOME"] = str(home)
    command = [str(MENTORKIT), *(["--store", str(store)] if store else []), *map(str, args)]
    done = subprocess.run(command, input=stdin or "", capture_output=True, text=True, env=env)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


@pytest.fixture
def kept(store):
    """A store with three entries, one edited once; closed so the command has it to itself."""
    first = store.add(learning_log(thoughts="Rapport came quickly."))
    store.update(first.id, thoughts="Rapport came quickly, after a slow start.")
    goal = store.add(Goal(specific="Chair the weekly team meeting", status="Under way"))
    store.add(learning_log(thoughts="Silence gave her room.", date="2026-10-01"))
    return {"log": first.id, "goal": goal.id}


def commands() -> list[str]:
    from mentorkit.cli import main

    return sorted(main.commands)


# help and the README -------------------------------------------------------------


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = commands()
    assert {"lab", "list", "show", "export", "import", "backup", "restore", "purge", "doctor",
            "serve", "backups"} <= set(names)  # fmt: skip
    for name in names:
        done = run(name, "--help")
        assert done.returncode == 0 and f"Usage: mentorkit {name}" in done.stdout
        description = done.stdout.split("\n\n")[1].strip()
        assert len(description) > 20, name
        assert f"`mentorkit {name}" in readme, f"README's Command line section lacks {name}"
    assert run("--version").stdout.strip() == "mentorkit, version 0.1.0"


def test_serve_offers_the_servers_own_choices_with_its_defaults():
    """`mentorkit serve` and `python -m mentorkit.serve` are one server: the command offers
    the server's options, and its help gives the server's own defaults."""
    from mentorkit.serve.config import DEFAULT_MAX_KERNELS, DEFAULT_PORT

    shown = run("serve", "--help").stdout
    assert "--max-kernels" in shown and "--no-browser" in shown
    assert f"(default: {DEFAULT_PORT})" in shown
    assert f"(default: {DEFAULT_MAX_KERNELS})" in shown


def test_list_and_show_with_history(kept, store_path):
    listed = run("list", store=store_path)
    assert listed.returncode == 0
    assert [line.split()[0] for line in listed.stdout.splitlines()][1] == kept["log"]
    goals = run("list", "goal", store=store_path).stdout.splitlines()
    assert len(goals) == 1 and "Chair the weekly team meeting" in goals[0]
    found = run("list", "--search", "slow start", store=store_path).stdout.splitlines()
    assert [line.split()[0] for line in found] == [kept["log"]]
    shown = run("show", kept["log"][:8], store=store_path)
    assert "Learning log entry" in shown.stdout and "after a slow start" in shown.stdout
    history = run("show", kept["log"], "--history", store=store_path).stdout
    assert "Revision 1" in history and "Revision 2" in history
    assert history.index("Rapport came quickly.") < history.index("after a slow start")


def test_mistakes_exit_with_a_message_and_a_code_scripts_can_trust(kept, store_path, tmp_path):
    unknown = run("show", "0123456789abcdef", store=store_path)
    assert unknown.returncode == 1 and "No record with id 0123456789abcdef" in unknown.stderr
    assert run("list", "diary", store=store_path).returncode == 2
    assert run("show", store=store_path).returncode == 2
    assert run("frobnicate").returncode == 2
    not_a_store = tmp_path / "notes.db"
    not_a_store.write_bytes(os.urandom(4096))
    damaged = run("list", store=not_a_store)
    assert damaged.returncode == 1 and "not a mentorkit store" in damaged.stderr


# exporting and importing ---------------------------------------------------------


def test_export_everything_then_import_into_a_new_store(kept, store_path, tmp_path):
    archive = tmp_path / "out" / "everything.zip"
    done = run("export", archive, store=store_path)
    assert done.returncode == 0 and "Exported 3 records" in done.stdout
    assert "records/goal.json" in zipfile.ZipFile(archive).namelist()
    fresh = tmp_path / "new" / "mentorkit.db"
    assert run("import", archive, store=fresh).returncode == 0
    assert run("list", store=fresh).stdout == run("list", store=store_path).stdout
    again = run("import", archive, store=fresh)
    assert again.returncode == 1 and "empty store" in again.stderr
    run("export", tmp_path / "again.zip", store=fresh)
    assert (tmp_path / "again.zip").read_bytes() == archive.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "docx", "html", "md"])
def test_export_tables_and_portfolios(kept, store_path, tmp_path, fmt):
    target = tmp_path / f"out.{'zip' if fmt == 'csv' else fmt}"
    done = run("export", "--format", fmt, "--include", "goal", target, store=store_path)
    assert done.returncode == 0 and target.stat().st_size > 100
    if fmt in ("html", "md"):
        assert "Chair the weekly team meeting" in target.read_text(encoding="utf-8")


def test_a_portfolio_on_letter_paper_when_asked(kept, store_path, tmp_path):
    import docx

    done = run("export", "--paper", "letter", tmp_path / "p.docx", store=store_path)
    assert done.returncode == 0
    [section] = docx.Document(str(tmp_path / "p.docx")).sections
    assert round(section.page_width.mm, 1) == 215.9 and round(section.page_height.mm, 1) == 279.4


def test_a_portfolio_offers_only_the_sections_a_portfolio_has(kept, store_path, tmp_path):
    """Course bookkeeping (a self-check attempt) is no portfolio section: it is refused by
    name, not made into an empty section."""
    done = run("export", "--include", "quiz-attempt", tmp_path / "p.md", store=store_path)
    assert done.returncode == 2 and "quiz-attempt" in done.stderr
    assert not (tmp_path / "p.md").exists()


def test_one_record_is_one_record_not_one_records(store, store_path, tmp_path):
    store.add(learning_log())
    store.close()
    done = run("export", tmp_path / "one.zip", store=store_path)
    assert done.returncode == 0 and "Exported 1 record to" in done.stdout


def test_export_never_overwrites_by_accident_or_leaves_half_a_file(kept, store_path, tmp_path):
    target = tmp_path / "taken.zip"
    target.write_bytes(b"someone else's file")
    refused = run("export", target, store=store_path)
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert target.read_bytes() == b"someone else's file"
    assert run("export", "--force", target, store=store_path).returncode == 0
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        done = run("export", locked / "all.zip", store=store_path)
    finally:
        locked.chmod(0o700)
    assert done.returncode == 1 and "could not be written" in done.stderr
    assert list(locked.iterdir()) == []


def test_importing_a_broken_archive_writes_nothing(tmp_path):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 and then nothing useful")
    target = tmp_path / "new" / "mentorkit.db"
    done = run("import", broken, store=target)
    assert done.returncode == 1
    assert str(broken) in done.stderr and "truncated" in done.stderr
    assert not target.exists()


# backups, restore, erasing -------------------------------------------------------


def test_backup_restore_and_the_list_of_copies(kept, store_path, tmp_path):
    backup = tmp_path / "backups" / "monday.db"
    assert run("backup", backup, store=store_path).returncode == 0
    with Store.open(store_path, owner="learner") as store:
        store.add(learning_log(thoughts="written after the backup"))
    restored = run("restore", backup, store=store_path)
    assert restored.returncode == 0 and "holds 3 records" in restored.stdout
    listed = run("backups", store=store_path).stdout
    assert str(backup) in listed and "before a restore" in listed
    aside = next(Path(line.split()[-1]) for line in listed.splitlines() if "before" in line)
    assert run("backups", "--delete", aside, "--yes", store=store_path).returncode == 0
    assert not aside.exists() and str(aside) not in run("backups", store=store_path).stdout
    stranger = tmp_path / "holiday-photos.zip"
    stranger.write_bytes(b"not a copy of the store")
    refused = run("backups", "--delete", stranger, "--yes", store=store_path)
    assert refused.returncode == 1 and "not a copy mentorkit made" in refused.stderr
    assert stranger.exists()


def test_restore_onto_a_new_machine(kept, store_path, tmp_path):
    backup = tmp_path / "backup.db"
    run("backup", backup, store=store_path)
    elsewhere = tmp_path / "new-laptop" / "data" / "mentorkit.db"
    done = run("restore", backup, store=elsewhere)
    assert done.returncode == 0 and "holds 3 records" in done.stdout
    assert run("list", store=elsewhere).stdout == run("list", store=store_path).stdout


def test_restoring_a_corrupt_backup_is_refused_and_changes_nothing(kept, store_path, tmp_path):
    backup = tmp_path / "backup.db"
    run("backup", backup, store=store_path)
    data = bytearray(backup.read_bytes())
    data[100:4000] = os.urandom(3900)
    backup.write_bytes(bytes(data))
    before = store_path.read_bytes()
    done = run("restore", backup, store=store_path)
    assert done.returncode == 1 and "cannot be restored" in done.stderr
    assert store_path.read_bytes() == before


def test_purge_asks_first_then_erases(kept, store_path):
    declined = run("purge", kept["goal"], store=store_path, stdin="n\n")
    assert declined.returncode == 1 and "Erase" in declined.stdout
    assert kept["goal"] in run("list", store=store_path).stdout
    done = run("purge", kept["goal"], "--yes", store=store_path)
    assert done.returncode == 0 and kept["goal"] not in run("list", store=store_path).stdout
    assert run("purge", store=store_path).returncode == 2
    assert run("purge", kept["log"], "--all", store=store_path).returncode == 2
    everything = run("purge", "--all", store=store_path, stdin="y\n")
    assert everything.returncode == 0 and "Erased 2 records" in everything.stdout
    assert run("list", store=store_path).stdout == ""


def test_purge_all_points_to_copies_that_still_hold_the_records(kept, store_path, tmp_path):
    run("backup", tmp_path / "old.db", store=store_path)
    done = run("purge", "--all", "--yes", store=store_path)
    assert str(tmp_path / "old.db") in done.stderr and "backups --delete-all" in done.stderr
    assert run("backups", "--delete-all", "--yes", store=store_path).returncode == 0
    assert not (tmp_path / "old.db").exists()


# the doctor ----------------------------------------------------------------------


def test_doctor_on_a_healthy_store(kept, store_path):
    done = run("doctor", store=store_path)
    assert done.returncode == 0 and "All is well" in done.stdout
    for topic in ("Where", "Size", "Schema", "Permissions", "Integrity", "Journal (WAL)"):
        assert f"{topic}:" in done.stdout


def test_doctor_says_what_to_do_about_a_store_others_can_read(kept, store_path):
    store_path.chmod(0o644)
    done = run("doctor", store=store_path)
    assert done.returncode == 1 and "may read it" in done.stdout
    assert f"chmod 600 '{store_path}'" in done.stdout


def test_doctor_on_a_damaged_store(tmp_path):
    path = tmp_path / "mentorkit.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (n)")
    path.chmod(0o600)
    done = run("doctor", store=path)
    assert done.returncode == 1 and "not a mentorkit store" in done.stdout
    assert "mentorkit restore" in done.stdout


def test_doctor_never_makes_a_store(tmp_path):
    done = run("doctor", store=tmp_path / "none" / "mentorkit.db")
    assert done.returncode == 0 and "no store yet" in done.stdout
    assert not (tmp_path / "none").exists()


# serving -------------------------------------------------------------------------


def _answers(url: str, process: subprocess.Popen, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except urllib.error.HTTPError:
            return True  # it answered (JupyterLab asks for its token)
        except OSError:
            time.sleep(0.3)
    return False


@pytest.mark.slow
@pytest.mark.parametrize(
    "command, path", [("serve", "voila/static/voila.js"), ("lab", "api/status")]
)
def test_serve_and_lab_start_a_server(tmp_path, command, path):
    port = free_port()
    store = tmp_path / "home" / "mentorkit.db"
    args = [str(MENTORKIT), "--store", str(store), command, str(ROOT), "--port", str(port)]
    log = (tmp_path / "server.log").open("wb")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        url = f"http://127.0.0.1:{port}/{path}"
        assert _answers(url, process), (tmp_path / "server.log").read_text(errors="replace")
    finally:
        process.terminate()
        process.wait(30)
    wrong = run("--store", tmp_path / "journal.db", command, "--port", str(port))
    assert wrong.returncode == 2 and "mentorkit.db" in wrong.stderr


def _notebook_with_outputs() -> dict:
    cell = {"cell_type": "code", "execution_count": 3, "id": "c1", "metadata": {},
            "source": "form('learning-log')",
            "outputs": [{"output_type": "display_data", "metadata": {},
                         "data": {"text/plain": "Form(...)"}}]}  # fmt: skip
    return {
        "cells": [cell],
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {}}},
    }


@pytest.mark.slow
def test_lab_saves_the_course_without_outputs_and_hides_the_assessors_tools(tmp_path):
    """Lab's autosave wrote outputs into the course's own notebooks: the checkout changed,
    and a notebook opened again said "model not found" where its forms were."""
    import json

    root = tmp_path / "root"
    for folder in ("course", "workbook", "mine"):
        (root / folder).mkdir(parents=True)
    port, token = free_port(), "lab-test-token"
    args = [str(MENTORKIT), "--store", str(tmp_path / "home" / "mentorkit.db"), "lab", str(root),
            "--port", str(port)]  # fmt: skip
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_TOKEN": token}
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    try:
        assert _answers(f"{base}/api/status", process), (tmp_path / "server.log").read_text()
        for path in ("course/topic.ipynb", "workbook/log.ipynb", "mine/own.ipynb"):
            body = json.dumps({"type": "notebook", "content": _notebook_with_outputs()})
            request = urllib.request.Request(f"{base}/api/contents/{path}", body.encode(),
                                             headers, method="PUT")  # fmt: skip
            urllib.request.urlopen(request, timeout=30).close()
        with urllib.request.urlopen(urllib.request.Request(f"{base}/lab", headers=headers),
                                    timeout=30) as page:  # fmt: skip
            lab_page = page.read().decode()
    finally:
        process.terminate()
        process.wait(30)
    for path in ("course/topic.ipynb", "workbook/log.ipynb"):
        saved = json.loads((root / path).read_text())
        [cell] = saved["cells"]
        assert (cell["outputs"], cell["execution_count"]) == ([], None), path
        assert "widgets" not in saved["metadata"]
        assert "".join(cell["source"]) == "form('learning-log')"
    own = json.loads((root / "mine/own.ipynb").read_text())  # a learner's own: left alone
    assert own["cells"][0]["outputs"] and own["cells"][0]["execution_count"] == 3
    data = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', lab_page, re.S)
    config = json.loads(data.group(1))
    assert "@jupyter/nbgrader" in config["disabledExtensions"]


def test_a_listing_read_only_in_part_by_head_ends_quietly(tmp_path):
    """`mentorkit doctor | head` ended with "Something unexpected went wrong
    (BrokenPipeError)": a reader that stops early is no problem of ours."""
    home = tmp_path / "home"
    with Store.open(home / "mentorkit.db") as store:
        for n in range(3000):
            store.add(Goal(specific=f"Goal {n}, with words enough to fill the pipe quickly",
                           status="Under way"))  # fmt: skip
    mentorkit = Path(sys.executable).with_name("mentorkit")
    done = subprocess.run(
        f"'{mentorkit}' list goal | head -n 1", shell=True, capture_output=True, text=True,
        env={**os.environ, "MENTORKIT_HOME": str(home)}, timeout=120,
    )  # fmt: skip
    assert done.stdout.count("\n") == 1 and "Goal 2999" in done.stdout
    assert done.stderr == ""
