"""JupyterHub for a mentorkit cohort: each person signs in, gets a server of their own that
opens the course and workbook in Voilà, and saves to the cohort's PostgreSQL database as
their own database role, so row-level security keeps their private records private.

Set up once (as the database administrator; see `mentorkit cohort --help`):

    mentorkit cohort init cohort --admin-url postgresql://postgres@127.0.0.1/postgres
    head -c 32 /dev/urandom | base64 > /srv/mentorkit/hub-secret      # chmod 600
    mentorkit cohort add-learner ayesha --secret-file /srv/mentorkit/hub-secret \
        --admin-url postgresql://postgres@127.0.0.1/cohort
    mentorkit cohort add-mentor priya --secret-file /srv/mentorkit/hub-secret ...
    mentorkit cohort add-coordinator sam --secret-file /srv/mentorkit/hub-secret ...

Mentees are offered as mentors only the people added with `add-mentor`: a profile that
says "Mentor" is not enough, since a proposal shares the mentee's words with the mentor.

The PostgreSQL server needs no special tuning for a class, but two settings matter:
  max_connections   every open workbook page has a kernel that keeps one connection
                    (idle kernels are culled after 15 minutes), so allow about three
                    per person: the default, 100, serves about 30 people; set 650 for
                    a cohort of 200.
  fsync, synchronous_commit, full_page_writes
                    leave them on (the default): a record counts as saved only once it
                    is on disk. A save waits for one disk flush, shared by saves that
                    commit together, so they cost little.

Then install the proxy (`npm ci --prefix deploy`) and run the hub from a folder of its own
(it keeps its state there):

    MENTORKIT_COHORT_URL=postgresql://127.0.0.1:5432/cohort \
    MENTORKIT_HUB_SECRET_FILE=/srv/mentorkit/hub-secret \
    jupyterhub -f deploy/jupyterhub_config.py

Each server gets MENTORKIT_STORE_URL with the person's own role and a password derived
from the hub's secret and their name (`mentorkit.cohort.password_for`), and JupyterHub sets
JUPYTERHUB_USER, so `Store.open()` saves as them and as nobody else.

Settings, all from the hub's environment:
  MENTORKIT_COHORT_URL       the cohort database, without a user (required)
  MENTORKIT_HUB_SECRET_FILE  the secret the passwords are derived from (required)
  MENTORKIT_ADMIN_URL        if set, anyone who signs in is added as a learner on first
                             start (handy for a trial; leave unset for a real cohort)
  MENTORKIT_HUB_PORT         the hub's port on 127.0.0.1 (default 8000)
  MENTORKIT_ROOT             the folder holding course/ and workbook/ (default: this repo)

DummyAuthenticator (any password is accepted) and SimpleLocalProcessSpawner are for a
trial on one machine and for our end-to-end test: every server runs as the hub's own
system user, so people must not be given a terminal (one could read another's connection
from the process list). A real cohort uses its own sign-in (OAuthenticator, LDAP) and a
spawner that runs each server as its own user or container (SystemdSpawner, DockerSpawner);
nothing else in this file changes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import mentorkit.serve
from mentorkit.cohort import add_person, password_for, with_user
from mentorkit.serve import CSP, EXTENSION_DENYLIST, LANDING

c = get_config()  # noqa: F821  (JupyterHub provides it when it reads this file)

ROOT = Path(os.environ.get("MENTORKIT_ROOT", Path(__file__).resolve().parents[1]))
COHORT_URL = os.environ["MENTORKIT_COHORT_URL"]
SECRET = Path(os.environ["MENTORKIT_HUB_SECRET_FILE"]).read_bytes().strip()
ADMIN_URL = os.environ.get("MENTORKIT_ADMIN_URL")
TEMPLATES = Path(mentorkit.serve.__file__).parent / "share" / "jupyter"

# Sign-in and servers: a trial setup on loopback (see the note above).
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ.get("MENTORKIT_HUB_PORT", "8000"))
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
PROXY = ROOT / "deploy" / "node_modules" / ".bin" / "configurable-http-proxy"
if PROXY.exists():  # the one `npm ci --prefix deploy` installs, else one on PATH
    c.ConfigurableHTTPProxy.command = [str(PROXY)]
c.JupyterHub.cleanup_servers = True


def store_url(spawner) -> str:
    """The person's own address in the cohort database: their role, their password."""
    name = spawner.user.name
    return with_user(COHORT_URL, name, password_for(SECRET, name))


def enrol(spawner) -> None:
    """For a trial: whoever signs in becomes a learner (a real cohort enrols people ahead)."""
    add_person(ADMIN_URL, spawner.user.name, "learner", password_for(SECRET, spawner.user.name))


if ADMIN_URL:
    c.Spawner.pre_spawn_hook = enrol

# Each server: the course and workbook in Voilà, the connection in its environment.
c.Spawner.environment = {
    "MENTORKIT_STORE_URL": store_url,
    "JUPYTER_PATH": str(TEMPLATES),  # where Voilà finds the mentorkit template
}
c.Spawner.notebook_dir = str(ROOT)
c.Spawner.default_url = f"/voila/render/{LANDING}"
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.args = [
    f"--ServerApp.tornado_settings={{'headers': {{'Content-Security-Policy': {CSP!r}}}}}",
    "--VoilaConfiguration.template=mentorkit",
    "--VoilaConfiguration.show_tracebacks=False",
    f"--VoilaConfiguration.extension_denylist={EXTENSION_DENYLIST!r}",
    # A page left open leaves its kernel running: cull idle ones (see DESIGN.md, Serving).
    "--MappingKernelManager.cull_idle_timeout=900",
    "--MappingKernelManager.cull_interval=60",
]
if os.geteuid() == 0:  # a trial in a container run as root: Jupyter refuses root otherwise
    c.Spawner.args.append("--ServerApp.allow_root=True")
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
