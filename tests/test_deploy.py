"""The JupyterHub configuration gives each person's server a connection as themselves."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from factories import learning_log
from traitlets.config import Config

from mentorkit.cohort import with_user
from mentorkit.store import Store

CONFIG = Path(__file__).resolve().parents[1] / "deploy" / "jupyterhub_config.py"


def load_config(monkeypatch, cohort_url: str, secret: Path, admin_url: str) -> Config:
    monkeypatch.setenv("MENTORKIT_COHORT_URL", cohort_url.replace("//postgres@", "//"))
    monkeypatch.setenv("MENTORKIT_HUB_SECRET_FILE", str(secret))
    monkeypatch.setenv("MENTORKIT_ADMIN_URL", admin_url)
    config = Config()
    runpy.run_path(str(CONFIG), init_globals={"get_config": lambda: config})
    return config


def test_each_server_saves_as_its_own_user_with_the_hub_derived_password(
    pg_server, pg_url, tmp_path, monkeypatch
):
    Store.open(pg_url, owner="learner").close()  # the cohort database is set up
    secret = tmp_path / "hub-secret"
    secret.write_text("the hub's secret\n")
    config = load_config(monkeypatch, pg_url, secret, pg_server.url())
    assert config.JupyterHub.authenticator_class == "dummy"
    assert config.JupyterHub.spawner_class == "simple"
    assert config.Spawner.default_url == "/voila/render/course/index.ipynb"

    erin = SimpleNamespace(user=SimpleNamespace(name="erin"))
    config.Spawner.pre_spawn_hook(erin)  # a trial hub enrols whoever signs in
    pg_server.require_password("erin")
    url = config.Spawner.environment["MENTORKIT_STORE_URL"](erin)
    assert url.startswith("postgresql://erin:") and "@127.0.0.1" in url

    monkeypatch.setenv("MENTORKIT_STORE_URL", url)
    monkeypatch.setenv("JUPYTERHUB_USER", "erin")
    with Store.open() as store:
        assert store.add(learning_log()).owner == "erin"
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(with_user(url, "erin", "not-the-derived-one")).close()
