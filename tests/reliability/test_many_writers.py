"""Many kernels save to one store at the same moment (Voilà opens one per page): none may fail.

MENTORKIT_WRITERS and MENTORKIT_SAVES_PER_WRITER make the run bigger than CI's 16 x 500.
"""

from __future__ import annotations

import os
import time
from multiprocessing import get_context

from checks import count, integrity
from factories import learning_log

from mentorkit.errors import MentorkitError
from mentorkit.store import Store

WRITERS = int(os.environ.get("MENTORKIT_WRITERS", "16"))
SAVES = int(os.environ.get("MENTORKIT_SAVES_PER_WRITER", "500"))


def _text(writer: int, n: int) -> str:
    return f"writer {writer} save {n}"


def _write(path: str, writer: int, saves: int, start, results) -> None:
    problems: list[str] = []
    try:
        with Store.open(path, owner="learner") as store:
            start.wait(60)  # every writer begins together, so they really do contend
            for n in range(saves):
                try:
                    store.add(learning_log(thoughts=_text(writer, n)))
                except MentorkitError as exc:
                    problems.append(f"save {n}: {exc}")
    except BaseException as exc:  # anything else: report it rather than leave the test waiting
        problems.append(f"stopped: {exc!r}")
    finally:
        results.put((writer, problems))


def test_sixteen_processes_saving_at_once_lose_nothing_and_see_no_error(tmp_path):
    path = tmp_path / "home" / "mentorkit.db"
    Store.open(path, owner="learner").close()
    ctx = get_context("spawn")
    start, results = ctx.Barrier(WRITERS), ctx.SimpleQueue()
    writers = [
        ctx.Process(target=_write, args=(str(path), w, SAVES, start, results))
        for w in range(WRITERS)
    ]
    began = time.monotonic()
    for process in writers:
        process.start()
    reports = dict(results.get() for _ in writers)
    for process in writers:
        process.join(60)
    elapsed = time.monotonic() - began

    assert [p.exitcode for p in writers] == [0] * WRITERS
    assert {w: problems for w, problems in reports.items() if problems} == {}
    expected = {_text(w, n) for w in range(WRITERS) for n in range(SAVES)}
    with Store.open(path, owner="learner") as store:
        saved = store.find()
        assert len(store.find(text="writer")) == WRITERS * SAVES  # indexes what is queued
    assert len(saved) == WRITERS * SAVES
    assert {entry.thoughts for entry in saved} == expected
    whole = learning_log().content()
    assert all(
        {**entry.content(), "thoughts": None} == {**whole, "thoughts": None} for entry in saved
    )
    assert count(path, "records") == count(path, "search") == WRITERS * SAVES
    assert count(path, "revisions") == 0  # it holds only revisions replaced by an edit
    assert integrity(path) == "ok"
    print(f"\n{WRITERS * SAVES} saves from {WRITERS} processes in {elapsed:.1f} s")
