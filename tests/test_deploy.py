"""The hub configurations: a trial one that enrols whoever signs in, and a real one whose
servers get no password nor secret in their environment, only a pgpass file of their own."""

from __future__ import annotations

import getpass
import os
import pwd
import runpy
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from factories import learning_log
from traitlets.config import Config

from mentorkit import hub
from mentorkit.cohort.admin import add_person, password_for, with_user
from mentorkit.store import Store

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def load_config(name: str, monkeypatch, **settings: str) -> Config:
    for variable, value in settings.items():
        monkeypatch.setenv(variable, value)
    config = Config()
    runpy.run_path(str(DEPLOY / name), init_globals={"get_config": lambda: config})
    return config


def spawner(name: str) -> SimpleNamespace:
    return SimpleNamespace(user=SimpleNamespace(name=name))


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "hub-secret"
    path.write_text("the hub's secret\n")
    path.chmod(0o600)
    return path


def test_a_trial_hub_enrols_whoever_signs_in_with_the_hub_derived_password(
    pg_server, pg_url, secret, monkeypatch
):
    Store.open(pg_url, owner="learner").close()  # the cohort database is set up
    config = load_config(
        "trial_hub_config.py", monkeypatch,
        MENTORKIT_COHORT_URL=pg_url.replace("//postgres@", "//"),
        MENTORKIT_HUB_SECRET_FILE=str(secret), MENTORKIT_ADMIN_URL=pg_server.url(),
    )  # fmt: skip
    assert config.JupyterHub.authenticator_class == "dummy"
    assert config.JupyterHub.spawner_class == "simple"
    assert config.JupyterHub.ip == "127.0.0.1"
    assert config.Spawner.default_url == "/voila/render/course/index.ipynb"
    assert (
        (DEPLOY / "trial_hub_config.py")
        .read_text()
        .startswith('"""For trying mentorkit alone on one machine, never for real learners')
    )

    config.Spawner.pre_spawn_hook(spawner("erin"))
    pg_server.require_password("erin")
    url = config.Spawner.environment["MENTORKIT_STORE_URL"](spawner("erin"))
    assert url.startswith("postgresql://erin:") and "@127.0.0.1" in url

    monkeypatch.setenv("MENTORKIT_STORE_URL", url)
    monkeypatch.setenv("JUPYTERHUB_USER", "erin")
    with Store.open() as store:
        assert store.add(learning_log()).owner == "erin"
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(with_user(url, "erin", "not-the-derived-one")).close()


def real_hub(monkeypatch, tmp_path, secret: Path, **settings: str) -> Config:
    monkeypatch.chdir(tmp_path)  # the hub's own folder, 0700
    return load_config(
        "jupyterhub_config.py", monkeypatch,
        MENTORKIT_COHORT_URL="postgresql://127.0.0.1:5432/cohort",
        MENTORKIT_HUB_SECRET_FILE=str(secret), **settings,
    )  # fmt: skip


def test_a_real_hub_gives_servers_neither_a_password_nor_its_secret(monkeypatch, tmp_path, secret):
    admin = tmp_path / "admin-url"
    admin.write_text("postgresql://postgres:admins-own-password@127.0.0.1/cohort\n")
    admin.chmod(0o600)
    config = real_hub(monkeypatch, tmp_path, secret, MENTORKIT_ADMIN_URL_FILE=str(admin))
    assert config.JupyterHub.authenticator_class == "pam"
    assert config.PAMAuthenticator.allowed_groups == {"mentorkit"}
    assert config.JupyterHub.spawner_class == "localprocess"
    assert "--ServerApp.terminals_enabled=False" in config.Spawner.args
    assert [s["name"] for s in config.JupyterHub.services] == ["idle-culler"]

    me = getpass.getuser()  # an account that exists, to evaluate the settings for
    environment = {
        key: value(spawner(me)) if callable(value) else value
        for key, value in config.Spawner.environment.items()
    }
    assert environment["MENTORKIT_STORE_URL"] == f"postgresql://{me}@127.0.0.1:5432/cohort"
    assert environment["PGPASSFILE"] == f"{pwd.getpwnam(me).pw_dir}/.mentorkit.pgpass"
    words = " ".join(environment.values())
    for secret_word in (password_for(b"the hub's secret", me), "the hub's secret", "admins-own"):
        assert secret_word not in words


def test_a_hub_passes_its_time_zone_and_paper_on_to_each_person_s_server(
    monkeypatch, tmp_path, secret
):
    """Set for the hub, the zone stopped at the hub: every learner's calendar file was in
    the computer's zone, whatever the centre had chosen."""
    config = real_hub(
        monkeypatch,
        tmp_path,
        secret,
        MENTORKIT_TIMEZONE="America/New_York",
        MENTORKIT_PAPER="Letter",
    )
    assert config.Spawner.environment["MENTORKIT_TIMEZONE"] == "America/New_York"
    assert config.Spawner.environment["MENTORKIT_PAPER"] == "Letter"


def test_a_hub_with_a_mistyped_time_zone_will_not_start_and_says_which(
    monkeypatch, tmp_path, secret
):
    from mentorkit.errors import SettingProblem

    with pytest.raises(SettingProblem, match="Europe/London"):
        real_hub(monkeypatch, tmp_path, secret, MENTORKIT_TIMEZONE="Europe/Londn")


@pytest.mark.parametrize("mode", [0o640, 0o604])
def test_a_real_hub_will_not_start_with_a_secret_others_may_read(
    monkeypatch, tmp_path, secret, mode
):
    secret.chmod(mode)
    with pytest.raises(SystemExit, match=f"chmod 600 {secret}"):
        real_hub(monkeypatch, tmp_path, secret)


def test_a_real_hub_will_not_start_in_a_folder_others_may_enter(monkeypatch, tmp_path, secret):
    tmp_path.chmod(0o755)
    with pytest.raises(SystemExit, match="chmod 700"):
        real_hub(monkeypatch, tmp_path, secret)


def test_a_server_saves_as_its_person_with_the_password_from_their_pgpass_file(
    pg_server, pg_url, tmp_path, monkeypatch
):
    Store.open(pg_url, owner="learner").close()
    password = password_for(b"the hub's secret", "frida")
    add_person(pg_server.url(), "frida", "learner", password)
    pg_server.require_password("frida")
    frida = pwd.struct_passwd(("frida", "x", os.getuid(), os.getgid(), "", str(tmp_path), ""))
    url = with_user(pg_url, "frida")  # no password in the address

    pgpass = hub.write_pgpass(frida, url, password)
    assert pgpass.stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("MENTORKIT_STORE_URL", url)
    monkeypatch.setenv("JUPYTERHUB_USER", "frida")
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    with Store.open() as store:
        assert store.add(learning_log()).owner == "frida"

    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url).close()


def test_a_link_left_where_the_pgpass_file_goes_is_replaced_not_followed(tmp_path):
    target = tmp_path / "someone-elses-file"
    target.write_text("untouched\n")
    (tmp_path / hub.PGPASS).symlink_to(target)
    me = pwd.struct_passwd(("me", "x", os.getuid(), os.getgid(), "", str(tmp_path), ""))
    written = hub.write_pgpass(me, "postgresql://db.example:5433/cohort", "pa:ss")
    assert target.read_text() == "untouched\n"
    assert written.read_text() == "db.example:5433:cohort:me:pa\\:ss\n"
