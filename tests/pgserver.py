"""A throwaway PostgreSQL server for tests and benchmarks: initdb + pg_ctl on a free loopback port.

PostgreSQL refuses to run as root, so as root the server runs as the `postgres` OS user
(made by Debian's package), with its data in a folder that user can reach.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from ports import free_port

SUPERUSER = "postgres"


def find_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's newest version."""
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    return Path(candidates[-1]).parent if candidates else None


def _version(path: str) -> int:
    number = Path(path).parent.parent.name
    return int(number) if number.isdigit() else 0


class PgServer:
    """One server; `url(database, user)` gives a connection address on loopback."""

    def __init__(self, folder: Path, *, max_connections: int = 100, durable: bool = False):
        self.bin = find_bin()
        if self.bin is None:
            raise RuntimeError("no PostgreSQL server binaries (initdb) found")
        self.port = free_port()
        self.max_connections = max_connections
        self.durable = durable
        self.run_as = None
        if os.geteuid() == 0:
            # Root may not run PostgreSQL; its data must be reachable by the user that does.
            self.run_as = "postgres" if _user_exists("postgres") else "nobody"
            folder = Path(tempfile.mkdtemp(prefix="mentorkit-pg-"))
            os.chown(folder, pwd.getpwnam(self.run_as).pw_uid, -1)
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "server.log"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:1])} failed:\n{done.stdout}{done.stderr}{log}")

    def start(self) -> PgServer:
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        attempts = 3
        while True:
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o",
                          self._options(), "-w", "start")  # fmt: skip
                return self
            except RuntimeError as exc:
                # Another program may take the free port before the server binds it.
                attempts -= 1
                if "Address already in use" not in str(exc) or not attempts:
                    raise
                self.port = free_port()

    def _options(self) -> str:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories='' "
            f"-c max_connections={self.max_connections}"
        )
        if not self.durable:  # tests throw the data away, so they need not wait for the disk
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        return options

    def stop(self) -> None:
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        if self.run_as:
            shutil.rmtree(self.folder, ignore_errors=True)

    def require_password(self, user: str) -> None:
        """Make `user` sign in with a password (everyone else is trusted on loopback).

        Roles belong to the whole server, which all tests share: give such a user a
        name no other test uses, or their connections will be refused."""
        import psycopg

        hba = self.data / "pg_hba.conf"
        hba.write_text(f"host all {user} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute("SELECT pg_reload_conf()")

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new, empty database; returns the superuser's address for it."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" STRATEGY FILE_COPY')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False
