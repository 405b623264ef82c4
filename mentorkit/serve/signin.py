"""Signing in with Jupyter's token: the token kept for the next start, and the sign-in and
sign-out pages in our own words."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from jupyter_server.base.handlers import JupyterHandler
from tornado.escape import url_escape

from mentorkit.store import private_file


def sign_in(folder: Path | None = None) -> tuple[str, bytes]:
    """The token and cookie secret this computer's user signs in with, made once and kept.

    They live in a 0600 file in Jupyter's runtime folder, as `jupyter server` keeps its own,
    so a restarted server takes the same token and a bookmarked link or a signed-in tab
    still works. A file that anyone else could read is not trusted: new ones are made.
    """
    from jupyter_core.paths import jupyter_runtime_dir

    folder = Path(folder or jupyter_runtime_dir())
    kept = folder / "mentorkit-serve.json"
    try:
        if kept.stat().st_uid == os.getuid() and not kept.stat().st_mode & 0o077:
            saved = json.loads(kept.read_text())
            return saved["token"], bytes.fromhex(saved["cookie_secret"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # none yet, or unreadable: make new ones
    token, secret = secrets.token_hex(24), secrets.token_bytes(32)
    with private_file(kept) as partial:
        partial.write_text(json.dumps({"token": token, "cookie_secret": secret.hex()}))
    return token, secret


SIGN_IN = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Sign in to mentorkit</title>
<style>body {{ font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto;
padding: 0 1rem; line-height: 1.5; }} input, button {{ font: inherit; padding: 0.3rem; }}
.mk-status-bad {{ color: #a00; }}</style></head>
<body><main><h1>Sign in to mentorkit</h1>
<p>Your records are yours alone, so mentorkit asks for its token. Open the address it
printed in the terminal where it started (the one ending in <code>?token=</code>), or paste
the token from that address here.</p>{problem}
<form method="post" action="{action}">{xsrf}
<p><label for="mk-token">Token</label>
<input id="mk-token" name="password" type="password" autocomplete="off" required>
<button type="submit">Sign in</button></p></form></main></body></html>
"""
WRONG_TOKEN = (
    '<p class="mk-status-bad" role="alert">That is not the token mentorkit printed. Copy it '
    "again from the terminal and try once more.</p>"
)


def signing_in(login: type) -> type:
    """Jupyter's sign-in, with a page in our own words (Jupyter's asks for a "password")."""

    class SignIn(login):
        def _render(self, message=None) -> None:
            action = f"{self.base_url}login?next={url_escape(self.get_argument('next', '/'))}"
            problem = WRONG_TOKEN if message else ""
            self.write(SIGN_IN.format(problem=problem, action=action, xsrf=self.xsrf_form_html()))

    return SignIn


SIGNED_OUT = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Signed out</title></head>
<body><main><h1>You have signed out</h1>
<p>This browser no longer opens your records. To come back, open the address mentorkit
printed in its terminal when it started.</p></main></body></html>
"""


class SignOut(JupyterHandler):
    """Forget this browser's sign-in (Jupyter's own page for it needs files Voilà lacks)."""

    def get(self) -> None:
        self.identity_provider.clear_login_cookie(self)
        self.finish(SIGNED_OUT)
