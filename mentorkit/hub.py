"""What a cohort's JupyterHub needs from mentorkit: files only the hub may read, each
person's OS account and database password file, and what their single-user server runs.

Used by deploy/jupyterhub_config.py (a real cohort) and deploy/trial_hub_config.py.
"""

from __future__ import annotations

import os
import pwd
import secrets
import subprocess
from pathlib import Path
from typing import Any

from mentorkit.cohort.admin import check_name
from mentorkit.errors import HubProblem

#: Accounts below this uid are the system's own (root, postgres, www-data…): no one's server
#: ever runs as one of them, whatever name they signed up with.
FIRST_PERSON_UID = 1000
#: Where in a person's home the hub leaves their database password (libpq's pgpass format).
PGPASS = ".mentorkit.pgpass"
PROXY = Path("node_modules") / ".bin" / "configurable-http-proxy"


def read_private(path: Path) -> bytes:
    """A file only its owner may read (the hub's secret, the administrator's address)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise HubProblem(f"The hub cannot read {path}: {exc.strerror}.") from None
    if mode & 0o077:
        raise HubProblem(
            f"{path} may be read by other accounts on this computer (mode {mode & 0o777:o}), "
            f"so a learner could read it. Make it the hub's alone (chmod 600 {path}) and "
            "start the hub again."
        )
    return path.read_bytes().strip()


def check_private_folder(folder: Path) -> None:
    """The hub's own folder (its database of people and tokens) is closed to everyone else."""
    mode = folder.stat().st_mode
    if mode & 0o077:
        raise HubProblem(
            f"The hub keeps its state in {folder}, which other accounts may enter (mode "
            f"{mode & 0o777:o}). Run it from a folder of its own (chmod 700 {folder})."
        )


def add_user_cmd(group: str) -> list[str]:
    """How the hub makes a person's account when an administrator adds them (the name
    follows): in the cohort's group, with a home, and no login shell."""
    return ["useradd", "--create-home", "--user-group", "--groups", group,
            "--shell", "/usr/sbin/nologin", "--comment", "mentorkit cohort member"]  # fmt: skip


def ensure_group(group: str) -> None:
    """The OS group whose members may sign in to the hub."""
    subprocess.run(["groupadd", "--force", group], check=True, capture_output=True)


def account(name: str) -> pwd.struct_passwd:
    """The person's own OS account, with a home only they may enter; never a system one."""
    check_name(name)
    person = pwd.getpwnam(name)
    if person.pw_uid < FIRST_PERSON_UID:
        raise HubProblem(
            f"“{name}” is the name of a system account on this computer, so no server is "
            "started for it. Remove this person from the hub and add them by another name."
        )
    os.chmod(person.pw_dir, 0o700)
    return person


def pgpass_path(person: pwd.struct_passwd) -> Path:
    return Path(person.pw_dir) / PGPASS


def pgpass_line(url: str, user: str, password: str) -> str:
    """One line of a pgpass file: this server, port and database, this user, this password."""
    from psycopg.conninfo import conninfo_to_dict

    info = conninfo_to_dict(url)
    fields = [info.get("host"), info.get("port"), info.get("dbname"), user, password]
    return ":".join(_escape(str(f)) if f else "*" for f in fields) + "\n"


def _escape(field: str) -> str:
    return field.replace("\\", "\\\\").replace(":", "\\:")


def write_pgpass(person: pwd.struct_passwd, url: str, password: str) -> Path:
    """Leave the person's database password where only their own processes can read it.

    The file is 0600 and theirs before a byte is written. It is written under a new name
    and renamed into place, so a link they left at the path is replaced, never followed.
    """
    final = pgpass_path(person)
    partial = final.with_name(f"{PGPASS}.{secrets.token_hex(8)}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        os.fchown(fd, person.pw_uid, person.pw_gid)
        os.write(fd, pgpass_line(url, person.pw_name, password).encode())
    finally:
        os.close(fd)
    os.replace(partial, final)
    return final


def server_args(*, terminals: bool = False) -> list[str]:
    """What each person's server runs with: the course in Voilà, idle kernels culled."""
    from mentorkit.serve import CSP, EXTENSION_DENYLIST

    args = [
        f"--ServerApp.tornado_settings={{'headers': {{'Content-Security-Policy': {CSP!r}}}}}",
        f"--ServerApp.terminals_enabled={terminals}",
        "--VoilaConfiguration.template=mentorkit",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--VoilaConfiguration.extension_denylist={EXTENSION_DENYLIST!r}",
        # A page left open keeps its kernel: cull idle ones (docs/architecture.md, Serving).
        "--MappingKernelManager.cull_idle_timeout=900",
        "--MappingKernelManager.cull_interval=60",
    ]
    if terminals:  # people's accounts have no login shell; a terminal needs one
        args.append("--ServerApp.terminado_settings={'shell_command': ['/bin/bash']}")
    return args


def passed_on() -> dict[str, str]:
    """The hub's own settings each person's server takes too: the zone a next meeting's
    calendar file is in, and the portfolio's paper. Checked here, so a mistyped zone stops
    the hub with its words rather than every learner's calendar file."""
    from mentorkit.ics import ZONE_SETTING, meeting_zone
    from mentorkit.portfolio.document import PAPER_SETTING, default_paper

    chosen = {
        name: os.environ[name] for name in (ZONE_SETTING, PAPER_SETTING) if os.environ.get(name)
    }
    meeting_zone(), default_paper()  # SettingProblem: what is wrong, and what to do
    return chosen


def configure(c: Any, root: Path, deploy: Path, *, port: int, terminals: bool = False) -> None:
    """What a trial hub and a real one share: the proxy, and what each server opens."""
    import sys

    import mentorkit.serve

    c.JupyterHub.port = port
    proxy = deploy / PROXY
    if proxy.exists():  # the one `npm ci --prefix deploy` installs, else one on PATH
        c.ConfigurableHTTPProxy.command = [str(proxy)]
    c.JupyterHub.cleanup_servers = True
    c.Spawner.environment = {
        "JUPYTER_PATH": str(mentorkit.serve.TEMPLATES),  # our template
        **passed_on(),
    }
    c.Spawner.notebook_dir = str(root)
    c.Spawner.default_url = f"/voila/render/{mentorkit.serve.LANDING}"
    c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
    c.Spawner.args = server_args(terminals=terminals)
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 120
