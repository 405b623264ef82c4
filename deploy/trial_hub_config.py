"""For trying mentorkit alone on one machine, never for real learners: anyone signs in as anyone.

A JupyterHub on loopback where any name and any password signs in (DummyAuthenticator),
every server runs as the hub's own system user (SimpleLocalProcessSpawner), and each
server's environment holds that person's database password. So one person could read
another's password from the process list: this file is for seeing a cohort work on your
own computer and for our end-to-end test. A real cohort runs deploy/jupyterhub_config.py.

    MENTORKIT_COHORT_URL=postgresql://127.0.0.1:5432/cohort \
    MENTORKIT_HUB_SECRET_FILE=/tmp/hub-secret \
    MENTORKIT_ADMIN_URL=postgresql://postgres@127.0.0.1/cohort \
    jupyterhub -f deploy/trial_hub_config.py

Settings, all from the hub's environment:
  MENTORKIT_COHORT_URL       the cohort database, without a user (required)
  MENTORKIT_HUB_SECRET_FILE  the secret the passwords are derived from (required)
  MENTORKIT_ADMIN_URL        if set, whoever signs in is added as a learner on first start
  MENTORKIT_HUB_PORT         the hub's port on 127.0.0.1 (default 8000)
  MENTORKIT_ROOT             the folder holding course/ and workbook/ (default: this repo)
"""

from __future__ import annotations

import os
from pathlib import Path

from mentorkit import hub
from mentorkit.cohort.admin import add_person, password_for, with_user

c = get_config()  # noqa: F821  (JupyterHub provides it when it reads this file)

DEPLOY = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("MENTORKIT_ROOT", DEPLOY.parent))
COHORT_URL = os.environ["MENTORKIT_COHORT_URL"]
SECRET = Path(os.environ["MENTORKIT_HUB_SECRET_FILE"]).read_bytes().strip()
ADMIN_URL = os.environ.get("MENTORKIT_ADMIN_URL")

hub.configure(c, ROOT, DEPLOY, port=int(os.environ.get("MENTORKIT_HUB_PORT", "8000")))
c.JupyterHub.ip = "127.0.0.1"  # loopback only: nobody else may reach a hub without sign-in
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"


def store_url(spawner) -> str:
    """The person's own address in the cohort database: their role, their password."""
    name = spawner.user.name
    return with_user(COHORT_URL, name, password_for(SECRET, name))


def enrol(spawner) -> None:
    """Whoever signs in becomes a learner."""
    add_person(ADMIN_URL, spawner.user.name, "learner", password_for(SECRET, spawner.user.name))


if ADMIN_URL:
    c.Spawner.pre_spawn_hook = enrol
c.Spawner.environment["MENTORKIT_STORE_URL"] = store_url
if os.geteuid() == 0:  # a trial in a container run as root: Jupyter refuses root otherwise
    c.Spawner.args.append("--ServerApp.allow_root=True")
