"""A writer for the crash test: saves entries until it is killed, noting each one it was told of.

Run as `python crash_writer.py STORE ACKS`. It imports mentorkit once, then for every
`go N` line on stdin forks a writer (so a round costs no start-up), prints the writer's
pid, and after the writer dies prints `died SIGNAL` (0 if it exited on its own).
A writer appends `ID N` to ACKS, fsynced, only after `add` has returned.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factories import learning_log  # noqa: E402

from mentorkit.store import Store  # noqa: E402


def text(n: int) -> str:
    return f"crash test entry {n}: " + "words a learner typed " * (n % 40)


def write(store_path: str, acks_path: str, first: int) -> None:
    acks = os.open(acks_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with Store.open(store_path, owner="learner") as store:
        n = first
        while True:
            saved = store.add(learning_log(thoughts=text(n)))
            os.write(acks, f"{saved.id} {n}\n".encode())
            os.fsync(acks)
            n += 1


def main() -> None:
    store_path, acks_path = sys.argv[1], sys.argv[2]
    for line in sys.stdin:
        first = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            try:
                write(store_path, acks_path, first)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(1)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"died {os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0}", flush=True)


if __name__ == "__main__":
    main()
