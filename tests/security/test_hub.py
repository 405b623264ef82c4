"""Attacks on a real cohort hub (deploy/jupyterhub_config.py): learner B, from a kernel of
their own, goes after learner A's database password and records and the hub's secret; and
someone signs in with a password that is not theirs."""

from __future__ import annotations

import http.cookiejar
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from hubs import DEPLOY, ROOT, Hub, proxy

from mentorkit.cohort.admin import password_for

pytestmark = pytest.mark.slow

TOKEN = secrets.token_hex(16)  # the test's own admin token, through a test-only service
MARK = "Ada's private words about her mentee"
TEST_CONFIG = """
c = get_config()  # noqa: F821
load_subconfig({production!r})  # noqa: F821
c.JupyterHub.services.append({{"name": "attack-test", "api_token": {token!r}}})
c.JupyterHub.load_roles.append({{"name": "admin", "services": ["attack-test"]}})
c.Spawner.cmd = [{python!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.environment["JUPYTER_PATH"] = {share!r}
"""


def _need_root() -> None:
    if os.geteuid() == 0 and shutil.which("useradd"):
        return
    reason = "the hub starts each server as its person's own account, which needs root"
    if os.environ.get("MENTORKIT_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


def _python_anyone_may_run() -> str:
    """This Python, or the system's of the same version: the venv's may sit under /root."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (os.path.realpath(sys.executable), f"/usr/bin/{version}"):
        run_as_nobody = ["runuser", "-u", "nobody", "--", candidate, "-c", ""]
        tried = subprocess.run(run_as_nobody, stderr=subprocess.DEVNULL)
        if tried.returncode == 0:
            return candidate
    pytest.fail(f"no {version} that other accounts may run: apt-get install {version}")


def learner_install(folder: Path) -> SimpleNamespace:
    """The course, mentorkit and this venv, where every account may read and run them.

    The checkout may sit in a folder only root may enter (as /root is), so the servers get a
    copy: the venv as hard links (fast), with a Python they may run and mentorkit copied."""
    folder.chmod(0o755)
    for part in ("course", "workbook", "mentorkit"):
        skip = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
        shutil.copytree(ROOT / part, folder / part, ignore=skip)
    venv = folder / "venv"
    if subprocess.run(["cp", "-al", sys.prefix, venv]).returncode != 0:
        shutil.copytree(sys.prefix, venv, symlinks=True)
    python = _python_anyone_may_run()
    # Hard links share the original's bytes: replace these files, never write through them.
    (venv / "pyvenv.cfg").unlink()
    (venv / "pyvenv.cfg").write_text(f"home = {Path(python).parent}\n")
    (venv / "bin" / "python").unlink()
    (venv / "bin" / "python").symlink_to(python)
    site = next(venv.glob("lib/python3*/site-packages"))
    for pointer in site.glob("__editable__*mentorkit*"):  # it points into the checkout
        pointer.unlink()
    (site / "mentorkit-copy.pth").write_text(f"{folder}\n")
    return SimpleNamespace(
        root=folder, python=str(venv / "bin" / "python"),
        share=str(folder / "mentorkit" / "share" / "jupyter"),
    )  # fmt: skip


@pytest.fixture(scope="module")
def attacked(tmp_path_factory, pg_server):
    _need_root()
    proxy()
    folder = tmp_path_factory.mktemp("hub")  # 0700, as the hub requires
    install = learner_install(Path(tempfile.mkdtemp(prefix="mentorkit-learners-")))
    admin_url = folder / "admin-url"
    admin_url.write_text(pg_server.url())
    admin_url.chmod(0o600)
    config = folder / "attack_hub_config.py"
    config.write_text(
        TEST_CONFIG.format(
            production=str(DEPLOY / "jupyterhub_config.py"), token=TOKEN,
            python=install.python, share=install.share,
        )
    )  # fmt: skip
    tag = secrets.token_hex(3)
    people = SimpleNamespace(a=f"ada{tag}", b=f"bo{tag}", manager=f"mgr{tag}")
    for name in (people.a, people.b):  # roles are the server's: this run's, by name
        pg_server.require_password(name)
    hub = Hub(
        folder, pg_server, config, "attacked_cohort",
        env={"MENTORKIT_ROOT": str(install.root), "MENTORKIT_ADMIN_URL_FILE": str(admin_url),
             "MENTORKIT_HUB_ADMINS": people.manager},
    )  # fmt: skip
    hub.people = people
    try:
        hub.wait_until_up()
        yield hub
    finally:
        hub.stop()
        print(f"hub output:\n{hub.output()}")
        for name in (people.a, people.b, people.manager):
            subprocess.run(["userdel", "--remove", name], capture_output=True)
        shutil.rmtree(install.root, ignore_errors=True)


def start_server(hub: Hub, name: str) -> str:
    """Make the person, start their server through the REST API; returns a token of theirs."""
    hub.api("POST", f"/users/{name}", TOKEN)
    hub.api("POST", f"/users/{name}/server", TOKEN)
    deadline = time.monotonic() + 90
    while not hub.api("GET", f"/users/{name}", TOKEN)["servers"].get("", {}).get("ready"):
        if time.monotonic() > deadline:
            pytest.fail(f"{name}'s server did not start; the hub's output:\n{hub.output()}")
        time.sleep(0.3)
    return hub.api("POST", f"/users/{name}/tokens", TOKEN, {"note": "attack test"})["token"]


def run_in_kernel(hub: Hub, name: str, token: str, code: str) -> str:
    """Start a kernel in the person's own server and run `code` there; returns what it printed."""
    import websocket

    kernel = hub.api("POST", f"/user/{name}/api/kernels", token, {"name": "python3"})
    channels = websocket.create_connection(
        f"ws://127.0.0.1:{hub.port}/user/{name}/api/kernels/{kernel['id']}/channels",
        header=[f"Authorization: token {token}"], timeout=60,
    )  # fmt: skip
    msg_id = uuid.uuid4().hex
    header = {"msg_id": msg_id, "msg_type": "execute_request", "username": name,
              "session": uuid.uuid4().hex, "date": "", "version": "5.3"}  # fmt: skip
    content = {"code": code, "silent": False, "store_history": False, "user_expressions": {},
               "allow_stdin": False, "stop_on_error": True}  # fmt: skip
    channels.send(json.dumps({"header": header, "parent_header": {}, "metadata": {},
                              "content": content, "channel": "shell", "buffers": []}))  # fmt: skip
    printed = []
    while True:
        message = json.loads(channels.recv())
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            printed.append("\n".join(message["content"]["traceback"]))
        elif message.get("content", {}).get("execution_state") == "idle":
            channels.close()
            return "".join(printed)


SAVE = f"""
from datetime import date
from mentorkit.records import LearningLogEntry
from mentorkit.store import Store
with Store.open() as store:
    print("saved as", store.add(LearningLogEntry(
        date=date(2026, 11, 2), location={MARK!r}, context="A session",
        what_i_did="Listened", learning_points="Wait longer")).owner)
"""

ATTACK = """
import glob, os, psycopg
def read(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode("latin-1")
    except OSError as exc:
        return f"[{{path}}: {{exc.strerror}}]"
seen = [read(path) for path in glob.glob("/proc/[0-9]*/environ")]
seen += [read(path) for path in ({pgpass_a!r}, {pgpass_b!r}, {secret!r})]
for top, folders, files in os.walk({home_a!r}, onerror=lambda exc: seen.append(str(exc))):
    seen += [read(os.path.join(top, name)) for name in files]
url = os.environ["MENTORKIT_STORE_URL"]
for who in ({b!r}, {a!r}):  # as themselves, then as A
    try:
        with psycopg.connect(url.replace({b!r} + "@", who + "@")) as conn:
            seen += [str(row) for row in conn.execute("SELECT owner, body FROM records")]
    except psycopg.Error:
        seen.append(f"refused as {{who}}")
print("\\n".join(seen))
"""


def test_learner_b_cannot_read_learner_a_password_records_or_the_hub_secret(attacked):
    a, b = attacked.people.a, attacked.people.b
    token_a, token_b = start_server(attacked, a), start_server(attacked, b)
    assert f"saved as {a}" in run_in_kernel(attacked, a, token_a, SAVE)

    home_a, home_b = pwd.getpwnam(a).pw_dir, pwd.getpwnam(b).pw_dir
    attack = ATTACK.format(
        pgpass_a=f"{home_a}/.mentorkit.pgpass", pgpass_b=f"{home_b}/.mentorkit.pgpass",
        secret=str(attacked.secret), home_a=home_a, a=a, b=b,
    )  # fmt: skip
    seen = run_in_kernel(attacked, b, token_b, attack)
    print(f"what B's kernel read:\n{seen[-3000:]}")

    secret = attacked.secret.read_bytes().strip()
    assert f"JUPYTERHUB_USER={b}" in seen  # the attack ran, and read what B may read
    assert password_for(secret, b) in seen
    assert password_for(secret, a) not in seen
    assert MARK not in seen
    assert secret.decode() not in seen
    assert f"refused as {a}" in seen and f"refused as {b}" not in seen


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):  # a signed-in hub would start a server
        return None


def sign_in(hub: Hub, name: str, password: str, jar=None) -> bool:
    """Post the hub's sign-in form; True if the hub then counts us signed in."""
    jar = jar if jar is not None else http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _Stay)
    with browser.open(f"{hub.url}/hub/login", timeout=30) as form:
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.read().decode())[1]
    fields = {"_xsrf": xsrf, "username": name, "password": password}
    try:
        browser.open(f"{hub.url}/hub/login", urllib.parse.urlencode(fields).encode(), 30)
    except urllib.error.HTTPError:
        pass  # a refusal (403), or the redirect we do not follow
    return any(cookie.name == "jupyterhub-hub-login" for cookie in jar)


@pytest.fixture
def accounts():
    """OS accounts with passwords, made by the test; removed afterwards."""
    made = []

    def make(name: str, password: str, *groups: str) -> str:
        extra = ["--groups", ",".join(groups)] if groups else []
        try:
            pwd.getpwnam(name)  # made already, by the hub for a name in its config
            subprocess.run(["usermod", "--append", *extra, name], check=True)
        except KeyError:
            subprocess.run(["useradd", "--no-create-home", *extra, name], check=True)
        made.append(name)
        subprocess.run(["chpasswd"], input=f"{name}:{password}", text=True, check=True)
        return name

    yield make
    for name in made:
        subprocess.run(["userdel", name], capture_output=True)


def test_no_one_signs_in_without_their_own_password_and_a_place_in_the_cohort(attacked, accounts):
    tag = secrets.token_hex(3)
    subprocess.run(["groupadd", "--force", "mentorkit"], check=True)
    cal = accounts(f"cal{tag}", "cal's own long password", "mentorkit")
    assert sign_in(attacked, cal, "cal's own long password")  # the door does open
    assert not sign_in(attacked, cal, "not cal's password")
    assert not sign_in(attacked, attacked.people.a, "any password at all")

    staff = accounts(f"staff{tag}", "staff's own long password")  # not in the cohort
    assert not sign_in(attacked, staff, "staff's own long password")


def test_the_hub_manager_adds_and_starts_servers_but_opens_no_one_elses(attacked, accounts):
    """JupyterHub's own admins may open any server, and so read its person's records."""
    a = attacked.people.a
    if not attacked.api("GET", "/users", TOKEN) or a not in {
        u["name"] for u in attacked.api("GET", "/users", TOKEN)
    }:
        start_server(attacked, a)
    subprocess.run(["groupadd", "--force", "mentorkit"], check=True)
    manager = accounts(attacked.people.manager, "the manager's long password", "mentorkit")
    jar = http.cookiejar.CookieJar()
    assert sign_in(attacked, manager, "the manager's long password", jar)
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def status(path: str) -> int:
        try:
            with browser.open(f"{attacked.url}{path}", timeout=60) as answer:
                return answer.status
        except urllib.error.HTTPError as refused:
            return refused.code

    assert status("/hub/admin") == 200  # the control: the manager does manage
    assert status(f"/user/{a}/api/contents") == 403
    assert status(f"/user/{a}/voila/render/workbook/journal.ipynb") == 403
