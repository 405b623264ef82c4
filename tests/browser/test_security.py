"""The running server shows the course and the workbook, and nothing else on the machine.

Raw paths go out through http.client, so nothing on our side tidies a `..` away first.
"""

from __future__ import annotations

import http.client
import json
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE_NOTEBOOK = "bench/bare.ipynb"  # a real notebook in the repository, outside both folders

TRAVERSALS = [
    "/voila/static/../../../../../../etc/passwd",
    "/voila/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/voila/static/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/voila/static/../../../../pyproject.toml",
    "/static/../pyproject.toml",
    "/voila/templates/lab/static/../../../../../../etc/passwd",
    "/voila/templates/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/voila/templates/lab/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/voila/labextensions/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/voila/api/themes/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/voila/files/../pyproject.toml",
    "/voila/files/course/%2e%2e/pyproject.toml",
    "/voila/files/course/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
]
LISTINGS = [
    "/voila/tree", "/voila/tree/", "/voila/tree/course", "/voila/tree/tests",
    "/voila/api/contents", "/voila/api/contents/", "/voila/api/contents/workbook",
    "/tree", "/api/contents", "/api/kernels", "/api/sessions",
]  # fmt: skip
OUTSIDE = [
    f"/voila/render/{OUTSIDE_NOTEBOOK}",
    "/voila/render/README.md",
    "/voila/render/pyproject.toml",
    "/voila/render/tests/browser/conftest.py",
    f"/voila/render/course/%2e%2e/{OUTSIDE_NOTEBOOK}",
    f"/voila/render/course/%2E%2E/{OUTSIDE_NOTEBOOK}",
    "/voila/render/course/%2e%2e%2fbench%2fbare.ipynb",
    f"/voila/render/course/../{OUTSIDE_NOTEBOOK}",
    f"/voila/render/course/./../{OUTSIDE_NOTEBOOK}",
    f"/voila/render/workbook/..%2f{OUTSIDE_NOTEBOOK}",
]
FILES = [
    "/voila/files/pyproject.toml",
    "/voila/files/README.md",
    "/voila/files/workbook/learning-log.ipynb",
    "/voila/files/course/index.ipynb",
    f"/voila/files/{OUTSIDE_NOTEBOOK}",
    "/voila/files/mentorkit/store/sqlite/store.py",
]
APP_PAGES = ["/voila/render/course/index.ipynb", "/voila/render/workbook/learning-log.ipynb"]


def _get(server, raw_path: str) -> tuple[int, dict[str, str], bytes]:
    """A signed-in request: what is refused here is refused for the learner too."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    try:
        conn.putrequest("GET", raw_path, skip_accept_encoding=True)
        conn.putheader("Authorization", f"token {server.token}")
        conn.endheaders()
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def _refused(server, raw_path: str) -> None:
    status, _, body = _get(server, raw_path)
    assert status in (403, 404), f"{raw_path} answered {status}: {body[:200]!r}"
    assert b"root:" not in body and b"[project]" not in body


def test_the_server_answers_at_all(server):
    """The control: without it, every refusal below could be a server that is down."""
    status, _, body = _get(server, "/voila/static/voila.js")
    assert status == 200 and len(body) > 1000
    status, headers, _ = _get(server, "/")
    assert status in (301, 302) and headers["Location"].endswith("/course/index.ipynb")
    assert (ROOT / OUTSIDE_NOTEBOOK).is_file()


@pytest.mark.parametrize("raw_path", TRAVERSALS)
def test_dot_dot_paths_never_reach_a_file_outside(server, raw_path):
    _refused(server, raw_path)


@pytest.mark.parametrize("raw_path", LISTINGS)
def test_no_folder_is_ever_listed(server, raw_path):
    _refused(server, raw_path)


@pytest.mark.parametrize("raw_path", OUTSIDE)
def test_nothing_outside_course_and_workbook_is_rendered(server, raw_path):
    _refused(server, raw_path)


@pytest.mark.parametrize("raw_path", FILES)
def test_files_route_serves_only_pictures_from_the_served_folders(server, raw_path):
    _refused(server, raw_path)


@pytest.mark.parametrize("raw_path", APP_PAGES)
def test_app_pages_carry_a_content_security_policy(server, raw_path):
    status, headers, body = _get(server, raw_path)
    assert status == 200, body[:300]
    policy = headers.get("Content-Security-Policy", "")
    for rule in ("default-src 'self'", "object-src 'none'", "frame-ancestors 'self'"):
        assert rule in policy, policy


_BUILT_CONFIG = """
import json, sys, tempfile
from importlib.metadata import version
import nbformat
from traitlets.config import Config
from voila.execute import VoilaExecutor
from mentorkit.serve import MentorkitVoila, settings, use_our_templates
use_our_templates()
app = MentorkitVoila(config=Config(settings()))
app.initialize([sys.argv[1]])
app.connection_dir = tempfile.mkdtemp()
app.init_settings()
print(json.dumps({
    "voila": version("voila"),
    "cull_idle_timeout": app.kernel_manager.cull_idle_timeout,
    "cull_interval": app.kernel_manager.cull_interval,
    "execution_timeout": VoilaExecutor(nbformat.v4.new_notebook(), config=app.config).timeout,
    "show_tracebacks": app.voila_configuration.show_tracebacks,
}))
"""


def test_the_server_is_built_with_a_timeout_a_kernel_cull_and_a_safe_voila(server):
    """Builds the app as `mentorkit.serve` does, so a misspelt setting would show up here."""
    from packaging.version import Version

    done = subprocess.run(
        [sys.executable, "-c", _BUILT_CONFIG, str(ROOT)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    built = json.loads(done.stdout.strip().splitlines()[-1])
    assert Version(built["voila"]) >= Version("0.5.6")
    assert 0 < built["execution_timeout"] <= 600
    # a page closed without its beacon: its kernel is gone within a minute
    assert 0 < built["cull_idle_timeout"] and 0 < built["cull_interval"]
    assert built["cull_idle_timeout"] + built["cull_interval"] <= 60
    assert built["show_tracebacks"] is False
    assert server.process.args[1:3] == ["-m", "mentorkit.serve"]


def _kernels_of(parent: int) -> list[list[str]]:
    """The command lines of the kernels a process started (Linux's /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(status.read_text().rsplit(")", 1)[1].split()[1])
            command = (status.parent / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
        if ppid == parent and b"ipykernel_launcher" in b" ".join(command):
            found.append([part.decode() for part in command if part])
    return found


def test_page_kernels_listen_on_private_sockets_not_tcp_ports(server, browser):
    page = browser.new_page()
    try:
        page.goto(server.app("workbook/learning-log.ipynb"))
        page.get_by_role("button", name="Save").wait_for()
        kernels = _kernels_of(server.process.pid)
        assert kernels, "the page's kernel was not found"
        for command in kernels:
            connection = Path(command[command.index("-f") + 1])
            info = json.loads(connection.read_text())
            assert info["transport"] == "ipc", info
            assert stat.S_IMODE(connection.parent.stat().st_mode) & 0o077 == 0
            assert Path(info["ip"]).parent == connection.parent
    finally:
        page.close()


def test_a_closed_page_s_kernel_is_shut_down_at_once(server, browser):
    """The page's beacon is signed in by its cookie; without it kernels wait for the cull."""
    context = browser.new_context()
    try:
        page = context.new_page()
        before = server.kernels()
        page.goto(server.app("workbook/goal.ipynb"))
        page.get_by_role("button", name="Save").first.wait_for(timeout=90_000)
        opened = server.kernels() - before
        assert len(opened) == 1
        page.goto("about:blank")  # leaving sends the shutdown beacon
        deadline = time.monotonic() + 10
        while server.kernels() & opened and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not server.kernels() & opened, "the closed page's kernel still runs"
    finally:
        context.close()
