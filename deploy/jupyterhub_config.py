"""JupyterHub for a mentorkit cohort: each person signs in, gets a server of their own that
runs as their own account on this computer, opens the course and workbook in Voilà, and
saves to the cohort's PostgreSQL database as their own database role, so row-level
security keeps their private records private. deploy/README.md has the steps.

Who must not read what (DESIGN.md, Security), and how this file sees to it:
  - sign-in is the person's own account on this computer and its password (PAM), and only
    members of the cohort's group (MENTORKIT_HUB_GROUP) may sign in: the centre makes
    each account, so no one signs up by themselves, and staff or service accounts on the
    same computer cannot sign in to the hub;
  - each server runs as the person's own OS account (LocalProcessSpawner), with a home
    only they may enter; system accounts (uid below 1000) are refused;
  - their database password is in a 0600 file in that home (PGPASSFILE, libpq's pgpass
    format), never in an environment variable: MENTORKIT_STORE_URL has no password;
  - the hub's secret and the administrator's database address are in files only the hub
    may read: the hub refuses to start if either may be read by anyone else, or if its own
    folder (its database of people and tokens) may be entered by anyone else;
  - terminals are off; idle servers are stopped (jupyterhub-idle-culler) and idle kernels
    culled.

Set up once (as the database administrator; see `mentorkit cohort --help`):

    mentorkit cohort init cohort --admin-url postgresql://postgres@127.0.0.1/postgres
    (umask 077; head -c 32 /dev/urandom | base64 > /srv/mentorkit/hub-secret)
    groupadd mentorkit
    useradd --create-home --groups mentorkit --shell /usr/sbin/nologin priya
    passwd priya                                        # and so for everyone in the cohort
    mentorkit cohort add-mentor priya --secret-file /srv/mentorkit/hub-secret \
        --admin-url postgresql://postgres@127.0.0.1/cohort
    mentorkit cohort add-coordinator sam --secret-file /srv/mentorkit/hub-secret ...

Mentees are offered as mentors only the people added with `add-mentor`: a profile that
says "Mentor" is not enough, since a proposal shares the mentee's words with the mentor.
Learners are added ahead the same way (`add-learner`), or on their first start if
MENTORKIT_ADMIN_URL_FILE is set.

The PostgreSQL server needs no special tuning for a class, but two settings matter:
  max_connections   every open workbook page has a kernel that keeps one connection
                    (idle kernels are culled after 15 minutes), so allow about three
                    per person: the default, 100, serves about 30 people; set 650 for
                    a cohort of 200.
  fsync, synchronous_commit, full_page_writes
                    leave them on (the default): a record counts as saved only once it
                    is on disk. A save waits for one disk flush, shared by saves that
                    commit together, so they cost little.

Then install the proxy (`npm ci --prefix deploy`) and run the hub as root (it starts each
server as its person) from a folder of its own, mode 0700 (it keeps its state there):

    MENTORKIT_COHORT_URL=postgresql://127.0.0.1:5432/cohort \
    MENTORKIT_HUB_SECRET_FILE=/srv/mentorkit/hub-secret \
    MENTORKIT_HUB_ADMINS=sam \
    jupyterhub -f deploy/jupyterhub_config.py

Settings, all from the hub's environment (none of them reaches a person's server, except
the two marked "passed on"):
  MENTORKIT_COHORT_URL       the cohort database, without a user or password (required)
  MENTORKIT_HUB_SECRET_FILE  the secret the database passwords are derived from, mode 0600
                             (required; `mentorkit.cohort.password_for`)
  MENTORKIT_HUB_GROUP        the OS group whose members may sign in (default mentorkit)
  MENTORKIT_HUB_ADMINS       comma-separated names who may manage the hub (/hub/admin):
                             add people, start and stop their servers; not see their work
  MENTORKIT_ADMIN_URL_FILE   a 0600 file holding the administrator's database address; if
                             set, each person is added as a learner on their first start
  MENTORKIT_HUB_IP           the address the hub listens on (default 127.0.0.1: put a TLS
                             proxy such as nginx or Caddy in front of it)
  MENTORKIT_HUB_PORT         the hub's port (default 8000)
  MENTORKIT_HUB_IDLE_TIMEOUT seconds without activity after which a server is stopped
                             (default 3600)
  MENTORKIT_HUB_TERMINALS    1 gives everyone a terminal (default: none; web-form users
                             need none, and a terminal is a shell on this computer)
  MENTORKIT_TIMEZONE         the zone next-meeting calendar files are in, such as
                             Europe/London (default: this computer's); passed on
  MENTORKIT_PAPER            a portfolio's paper, A4 (default) or Letter; passed on
  MENTORKIT_ROOT             the folder holding course/ and workbook/, readable by everyone
                             (default: this repo)

Each server runs this hub's Python (`python -m jupyterhub.singleuser`), so install
mentorkit where every account may read and run it (e.g. a venv in /opt/mentorkit).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mentorkit import hub
from mentorkit.cohort.admin import add_person, password_for, with_user
from mentorkit.errors import HubProblem

c = get_config()  # noqa: F821  (JupyterHub provides it when it reads this file)

DEPLOY = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("MENTORKIT_ROOT", DEPLOY.parent))
COHORT_URL = os.environ["MENTORKIT_COHORT_URL"]
GROUP = os.environ.get("MENTORKIT_HUB_GROUP", "mentorkit")
try:
    SECRET = hub.read_private(Path(os.environ["MENTORKIT_HUB_SECRET_FILE"]))
    ADMIN_FILE = os.environ.get("MENTORKIT_ADMIN_URL_FILE")
    ADMIN_URL = hub.read_private(Path(ADMIN_FILE)).decode() if ADMIN_FILE else None
    hub.check_private_folder(Path.cwd())
except HubProblem as problem:
    raise SystemExit(f"mentorkit: the hub will not start. {problem}") from None

hub.configure(
    c, ROOT, DEPLOY,
    port=int(os.environ.get("MENTORKIT_HUB_PORT", "8000")),
    terminals=os.environ.get("MENTORKIT_HUB_TERMINALS") == "1",
)  # fmt: skip
c.JupyterHub.ip = os.environ.get("MENTORKIT_HUB_IP", "127.0.0.1")

# Sign-in: the person's own password on this computer (PAM), for members of the cohort's
# group only, so no other account here (staff, services) signs in.
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {GROUP}
c.PAMAuthenticator.open_sessions = False  # no login session: a server is not a login shell
# A person an administrator adds at /hub/admin gets an account here (without a password
# until `passwd NAME`), in the cohort's group.
c.LocalAuthenticator.create_system_users = True
c.LocalAuthenticator.add_user_cmd = hub.add_user_cmd(GROUP)
if os.geteuid() == 0:
    hub.ensure_group(GROUP)
# The people who manage the hub are not JupyterHub's admins: an admin may open anyone's
# server, which runs as that person with their database password, and read their records.
# Managers add people and start and stop servers; they open no one's but their own.
MANAGERS = sorted({n.strip() for n in os.environ.get("MENTORKIT_HUB_ADMINS", "").split(",")} - {""})
# A name that is both an OS account name and a database role name.
c.Authenticator.username_pattern = r"^[a-z][a-z0-9_-]{0,31}$"


def prepare(spawner) -> None:
    """Before a server starts: the person's account, their role, their pgpass file."""
    name = spawner.user.name
    person = hub.account(name)
    if ADMIN_URL:
        add_person(ADMIN_URL, name, "learner", password_for(SECRET, name))
    hub.write_pgpass(person, COHORT_URL, password_for(SECRET, name))


def store_url(spawner) -> str:
    """The person's own address in the cohort database: their role, no password."""
    return with_user(COHORT_URL, spawner.user.name)


def pgpass_file(spawner) -> str:
    import pwd

    return str(hub.pgpass_path(pwd.getpwnam(spawner.user.name)))


# Servers: each as its person's own OS account.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.pre_spawn_hook = prepare
c.Spawner.environment.update(MENTORKIT_STORE_URL=store_url, PGPASSFILE=pgpass_file)

# A server nobody has used for a while is stopped; its person starts it again by signing in.
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable, "-m", "jupyterhub_idle_culler",
            f"--timeout={int(os.environ.get('MENTORKIT_HUB_IDLE_TIMEOUT', '3600'))}",
        ],
    }
]  # fmt: skip
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
    {
        "name": "cohort-manager",
        "description": "Add people and start or stop their servers; never open them.",
        "scopes": ["admin-ui", "admin:users", "servers"],
        "users": MANAGERS,
    },
]
