"""Attacks on the learner's own server (`make start`), each made as the attacker would make it.

Another user of the same computer, or a web page open in the learner's browser, must read
nothing and start nothing: raw HTTP and raw websockets here, so nothing on our side helps.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest
from servers import serving

from mentorkit.serve import ABANDONED_AFTER

LANDING = "/voila/render/course/index.ipynb"
JOURNAL = "/voila/render/workbook/journal.ipynb"


def _request(server, path: str, headers: dict[str, str] | None = None, method: str = "GET"):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in {"Host": f"127.0.0.1:{server.port}", **(headers or {})}.items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def _signed_in(server) -> dict[str, str]:
    return {"Authorization": f"token {server.token}"}


#: Every page starts a kernel of its own, so each request's kernel can be told apart (with
#: the default pools, the landing page and the journal take one that was waiting).
COLD = ("--VoilaConfiguration.preheat_kernel=False",)


def _settled(server, seconds: float = 3.0) -> set[int]:
    """The kernels once any the last requests started have had time to appear."""
    time.sleep(seconds)
    return server.kernels()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("attacked") / "home", args=COLD) as running:
        yield running


def test_the_learner_with_the_token_gets_the_page_and_its_kernel(served):
    """The control: every refusal below would pass on a server that served nothing."""
    before = served.kernels()
    status, _, body = _request(served, LANDING, _signed_in(served))
    assert status == 200 and b"kernelId" in body
    assert len(_settled(served) - before) == 1


@pytest.mark.parametrize("path", [LANDING, JOURNAL, "/voila/files/course/x.png", "/api/kernels"])
def test_without_the_token_nothing_is_shown_and_no_kernel_starts(served, path):
    before = served.kernels()
    status, headers, body = _request(served, path)
    assert status in (302, 403, 404), (status, body[:200])
    if status == 302:
        assert headers["Location"].startswith("/login")
    assert b"kernelId" not in body and b"Learning log" not in body
    assert _settled(served) - before == set()


def test_a_wrong_token_is_no_better_than_none(served):
    status, headers, _ = _request(served, f"{JOURNAL}?token={'0' * 48}")
    assert status == 302 and headers["Location"].startswith("/login")


def test_the_token_leaves_the_address_and_never_reaches_a_kernel(served):
    """Once it has signed the learner in, the token is dropped from the address: it stays
    out of the browser's history, and of the request every page's kernel is told about."""
    status, headers, _ = _request(served, f"{JOURNAL}?token={served.token}&theme=light")
    assert status == 302 and headers["Location"] == f"{JOURNAL}?theme=light"
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    before = served.kernels()
    status, _, body = _request(served, headers["Location"], {"Cookie": cookie})
    assert status == 200 and served.token.encode() not in body
    (kernel,) = _settled(served) - before
    assert served.token.encode() not in Path(f"/proc/{kernel}/environ").read_bytes()


def test_the_sign_in_page_asks_for_the_token_in_plain_words_and_takes_only_it(served):
    status, headers, page = _request(served, f"/login?next={JOURNAL}")
    assert status == 200 and b"Sign in to mentorkit" in page and b"?token=" in page
    xsrf_cookie = headers["Set-Cookie"].split(";", 1)[0]
    xsrf = re.search(rb'name="_xsrf" value="([^"]+)"', page).group(1).decode()

    def post(token: str):
        form = urllib.parse.urlencode({"_xsrf": xsrf, "password": token})
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
        try:
            conn.request(
                "POST",
                f"/login?next={JOURNAL}",
                form,
                {"Cookie": xsrf_cookie, "Content-Type": "application/x-www-form-urlencoded"},
            )
            answer = conn.getresponse()
            return answer.status, dict(answer.getheaders()), answer.read()
        finally:
            conn.close()

    status, _, page = post("not the token")
    assert status == 401 and b"That is not the token mentorkit printed" in page
    status, headers, _ = post(served.token)
    assert status == 302 and headers["Location"] == JOURNAL
    signed_in = {"Cookie": headers["Set-Cookie"].split(";", 1)[0]}
    assert _request(served, JOURNAL, signed_in)[0] == 200


def test_signing_out_forgets_the_browser_and_odd_paths_are_404_not_500(served):
    _, headers, _ = _request(served, f"{JOURNAL}?token={served.token}")
    cookie = {"Cookie": headers["Set-Cookie"].split(";", 1)[0]}
    assert _request(served, JOURNAL, cookie)[0] == 200
    status, headers, body = _request(served, "/logout", cookie)
    assert status == 200 and b"You have signed out" in body
    assert "expires" in headers["Set-Cookie"].lower()  # the browser is told to drop it
    for path in ("/voila/templates/mentorkit/static/", "/voila/templates/lab/static//x.js"):
        assert _request(served, path)[0] == 404, path
    assert "Traceback" not in served.output()


def _kernel_id(served) -> str:
    _, _, body = _request(served, JOURNAL, _signed_in(served))
    return re.search(rb'"kernelId": "([0-9a-f-]{36})"', body).group(1).decode()


def _websocket(served, kernel_id: str, headers: dict[str, str]) -> str:
    """The status line a raw websocket handshake to a kernel's channels gets."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = [
        f"GET /api/kernels/{kernel_id}/channels HTTP/1.1",
        f"Host: 127.0.0.1:{served.port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    with socket.create_connection(("127.0.0.1", served.port), timeout=30) as sock:
        sock.sendall(("\r\n".join(request) + "\r\n\r\n").encode())
        return sock.recv(4096).split(b"\r\n", 1)[0].decode()


def test_a_kernel_cannot_be_talked_to_over_a_websocket_without_the_token(served):
    kernel_id = _kernel_id(served)
    assert " 101 " in _websocket(served, kernel_id, _signed_in(served))  # the control
    assert " 403 " in _websocket(served, kernel_id, {})
    assert " 403 " in _websocket(served, kernel_id, {"Authorization": "token nope"})


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "10.0.0.1", "mentorkit.lan"])
def test_dns_rebinding_another_host_name_is_refused_and_starts_nothing(served, host):
    """A page at evil.example, its name pointed at 127.0.0.1, sends its own Host."""
    before = served.kernels()
    for path in (LANDING, "/voila/static/voila.js", "/"):
        status, _, _ = _request(served, f"{path}?token={served.token}", {"Host": host})
        assert status == 403, (path, status)
    assert _settled(served) - before == set()


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_this_computer_s_own_names_are_served(served, host):
    status, _, _ = _request(served, "/voila/static/voila.js", {"Host": f"{host}:{served.port}"})
    assert status == 200


def test_another_site_s_script_is_refused_even_with_the_learner_s_token(served):
    headers = {**_signed_in(served), "Origin": "http://evil.example"}
    before = served.kernels()
    assert _request(served, LANDING, headers)[0] == 403
    assert _request(served, "/voila/api/shutdown/x", headers, method="POST")[0] == 403
    assert _settled(served) - before == set()


def test_the_token_file_is_the_learner_s_alone(served):
    kept = served.runtime / "mentorkit-serve.json"
    assert kept.stat().st_mode & 0o777 == 0o600
    assert json.loads(kept.read_text())["token"] == served.token
    assert "?token=" + served.token in served.output()  # the ready URL printed for the learner


def test_a_restarted_server_keeps_the_token_and_the_learner_s_cookie(tmp_path):
    with serving(tmp_path / "home") as first:
        _, headers, _ = _request(first, f"{JOURNAL}?token={first.token}")
        cookie = headers["Set-Cookie"].split(";", 1)[0]
        assert "SameSite=Strict" in headers["Set-Cookie"]
    with serving(tmp_path / "home", runtime=first.runtime, port=first.port) as second:
        status, headers, _ = _request(second, f"{JOURNAL}?token={first.token}")
        assert status == 302 and headers["Location"] == JOURNAL  # signed in, token dropped
        assert _request(second, JOURNAL, {"Cookie": cookie})[0] == 200


def _other_user() -> str:
    if os.geteuid() != 0 or not shutil.which("useradd"):
        if os.environ.get("MENTORKIT_REQUIRE_BROWSER"):
            pytest.fail("these attacks need root, to make another user of this computer")
        pytest.skip("needs root, to make another user of this computer")
    name = "mk-neighbour"
    subprocess.run(["useradd", "--no-create-home", name], capture_output=True)
    return name


def test_another_user_of_this_computer_cannot_read_the_token_or_a_page(served):
    neighbour = _other_user()
    kept = served.runtime / "mentorkit-serve.json"
    os.chmod(served.runtime.parent, 0o755)  # the folder above is theirs to look in
    os.chmod(served.runtime, 0o755)  # even where the runtime folder itself is open
    try:
        read = subprocess.run(
            ["runuser", "-u", neighbour, "--", "cat", str(kept)], capture_output=True, text=True
        )
        assert read.returncode != 0 and served.token not in read.stdout
        before = served.kernels()
        # Raw HTTP from bash itself: the neighbour needs no program of ours.
        ask = (
            f"exec 3<>/dev/tcp/127.0.0.1/{served.port}; "
            f"printf 'GET {JOURNAL} HTTP/1.0\\r\\nHost: 127.0.0.1:{served.port}\\r\\n\\r\\n' >&3; "
            "cat <&3"
        )
        page = subprocess.run(
            ["runuser", "-u", neighbour, "--", "bash", "-c", ask],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert page.stdout.startswith("HTTP/1.1 302"), page.stdout[:300] + page.stderr[-500:]
        assert "Location: /login" in page.stdout
        assert "kernelId" not in page.stdout
        assert _settled(served) - before == set()
    finally:
        os.chmod(served.runtime, 0o700)


@pytest.fixture
def pictures_root(tmp_path):
    """A served folder holding a picture, a link out of it, and a secret picture beside it."""
    root = tmp_path / "root"
    for name in ("course", "workbook"):
        (root / name).mkdir(parents=True)
    (root / "course" / "map.png").write_bytes(b"\x89PNG course picture")
    (root / "secret.png").write_bytes(b"\x89PNG the learner's own scan")
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(b"\x89PNG a file outside everything")
    (root / "course" / "shortcut.png").symlink_to(outside)
    return root


def test_files_resolve_inside_the_served_folders_before_they_are_allowed(pictures_root, tmp_path):
    with serving(tmp_path / "home", root=pictures_root) as server:
        signed_in = _signed_in(server)
        status, _, body = _request(server, "/voila/files/course/map.png", signed_in)
        assert status == 200 and body.endswith(b"course picture")  # the control
        for path in (
            "/voila/files/course/../secret.png",
            "/voila/files/course/%2e%2e/secret.png",
            "/voila/files/course/%2E%2E%2Fsecret.png",
            "/voila/files/workbook/..%2fsecret.png",
            "/voila/files/course/shortcut.png",
        ):
            status, _, body = _request(server, path, signed_in)
            assert status in (403, 404), (path, status)
            assert b"learner's own scan" not in body and b"outside everything" not in body


def test_past_the_cap_a_page_says_so_in_plain_words_and_starts_nothing(tmp_path):
    with serving(tmp_path / "home", args=("--max-kernels", "2", *COLD)) as server:
        for _ in range(2):
            assert _request(server, LANDING, _signed_in(server))[0] == 200
        assert len(_settled(server)) == 2
        status, _, body = _request(server, LANDING, _signed_in(server))
        assert status == 503
        assert b"Too many pages are open" in body and b"Close a tab" in body
        assert b"Traceback" not in body
        assert len(_settled(server)) == 2
        # Nothing has connected to those two kernels (raw requests, like pages whose
        # browser was killed): once they are abandoned, a new page takes one's place.
        abandoned = server.kernels()
        time.sleep(ABANDONED_AFTER + 1)
        assert _request(server, LANDING, _signed_in(server))[0] == 200
        now = _settled(server)
        assert len(now) <= 2 and now - abandoned


def test_the_preheated_kernels_waiting_are_not_pages_against_the_cap(tmp_path):
    """`make start` keeps a kernel waiting for each of four pages; the cap counts pages."""
    with serving(
        tmp_path / "home", args=("--max-kernels", "2", "--preheat", "--Voila.log_level=INFO")
    ) as server:
        deadline = time.monotonic() + 120
        while server.log.read_text().count("Kernel pool of") < 4:
            assert time.monotonic() < deadline, server.output()
            time.sleep(0.2)
        assert len(_settled(server, 1)) == 4  # the pools, and no page yet
        # the first takes the landing page's waiting kernel; the second a refilled one, or
        # its own if the pool has not refilled yet; the third is one page too many
        for _ in range(2):
            assert _request(server, LANDING, _signed_in(server))[0] == 200
        assert _request(server, LANDING, _signed_in(server))[0] == 503
        assert server.log.read_text().count("Using pre-heated kernel") >= 1


def _handshake_as(user: str, port: int, path: str) -> str:
    """A raw websocket handshake from bash, as `user`: the status line it gets."""
    ask = (
        f"exec 3<>/dev/tcp/127.0.0.1/{port}; printf 'GET {path} HTTP/1.1\\r\\n"
        f"Host: 127.0.0.1:{port}\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Version: 13\\r\\n"
        "\\r\\n' >&3; timeout 3 head -n 1 <&3"
    )
    command = (
        ["bash", "-c", ask] if user == "root" else ["runuser", "-u", user, "--", "bash", "-c", ask]
    )
    return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout


def test_another_user_cannot_take_a_preheated_kernel_s_request(tmp_path):
    """Kernel ids are in the process list, which every user can read; a preheated kernel
    learns its page's request over /voila/query/ID, which it must reach without a token."""
    neighbour = _other_user()
    pools = {"default": {"pool_size": 0}}
    preheated = ("--VoilaConfiguration.preheat_kernel=True",
                 f"--VoilaKernelManager.kernel_pools_config={pools!r}")  # fmt: skip
    with serving(tmp_path / "home", args=preheated) as server:
        path = "/voila/query/0b0e0c0d-1111-4222-8333-944455556666"
        assert " 101 " in _handshake_as("root", server.port, path)  # this user's own process
        assert " 403 " in _handshake_as(neighbour, server.port, path)
