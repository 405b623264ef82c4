"""What mentorkit serves and how: the folders, the page patterns, the security policy, and
the traitlets configuration Voilà runs with (see docs/architecture.md, Serving)."""

from __future__ import annotations

import logging
from pathlib import Path

from mentorkit.course.directory import CourseDirectory

#: Where mentorkit's Voilà template lives, for Voilà and the kernels it starts.
TEMPLATES = Path(__file__).parents[1] / "share" / "jupyter"
SERVED = CourseDirectory.FOLDERS
#: Images a course page may show; nothing else under the served folders is sent as a file.
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg")
LANDING = "course/index.ipynb"
DEFAULT_PORT = 8866
#: Live kernels at once: each page holds one (about 70 MB), so a dozen suits a laptop.
DEFAULT_MAX_KERNELS = 12
#: The pages learners open most, each with one kernel that has already run the notebook
#: waiting for it (Voilà's `preheat_kernel`; `--no-preheat` turns it off): four more
#: kernels, about 280 MB.
PREHEATED = (
    LANDING, "workbook/learning-log.ipynb", "workbook/session-record.ipynb",
    "workbook/journal.ipynb",
)  # fmt: skip
#: Seconds a kernel may sit idle with no page connected before it is shut down: the page
#: that held it closed without saying so (left before it had loaded, or its browser
#: killed). A page still loading holds its kernel busy, then connects within seconds.
ABANDONED_AFTER = 30
#: How often the kernels are looked over for that: a closed page's kernel is gone within
#: ABANDONED_AFTER + CULL_EVERY seconds (45).
CULL_EVERY = 15

# A notebook under a served folder; no segment may start with a dot, so no `..`. No `%`
# either: Tornado decodes the path after matching, so `%2e%2e` would become `..`.
_SEGMENT = r"[^/.%][^/%]*"
_UNDER_SERVED = rf"(?:{'|'.join(SERVED)})/(?:{_SEGMENT}/)*{_SEGMENT}"
RENDER_PATTERN = rf"/voila/render/({_UNDER_SERVED}\.ipynb)"
FILE_PATTERN = rf"{_UNDER_SERVED}\.(?:{'|'.join(suffix[1:] for suffix in IMAGES)})"

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",  # Voilà's page boots inline
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self' ws: wss:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)

# Lab extensions that break or clutter a Voilà page (they expect a full JupyterLab).
EXTENSION_DENYLIST = [
    "@jupyter/nbgrader",
    "@jupyter-notebook/lab-extension",
    "@voila-dashboards/jupyterlab-preview",
    "@jupyterlab/server-proxy",
]


def settings(
    port: int = DEFAULT_PORT,
    token: str = "",
    cookie_secret: bytes = b"",
    max_kernels: int = DEFAULT_MAX_KERNELS,
    preheat: bool = True,
) -> dict:
    """The traitlets configuration mentorkit serves with (see docs/architecture.md, Serving)."""
    return {
        "Voila": {
            "port": port,
            "ip": "127.0.0.1",
            "open_browser": False,
            # One address on the terminal: ours, printed by `main`. Voilà's "running at"
            # and its other start-up notes are at INFO; warnings and errors still show.
            "log_level": logging.WARNING,
            # Not another port when this one is taken: the address printed would be wrong.
            "port_retries": 0,
            # Jupyter's own sign-in: `?token=` once, then a cookie signed with this secret.
            "token": token,
            **({"cookie_secret": cookie_secret} if cookie_secret else {}),
            "tornado_settings": {
                "headers": {"Content-Security-Policy": CSP},
                # Voilà allows any Host; a name that is not this computer's is DNS rebinding.
                "allow_remote_access": False,
                "local_hostnames": ["localhost"],
                "mentorkit_max_kernels": max_kernels,
                # Tornado drops a websocket message over 10 MB and the page loses its
                # kernel; letting it through means the store's own 1 MB limit answers
                # an over-long box with a message instead.
                "websocket_max_message_size": 64 * 1024 * 1024,
                # Jupyter's keep-alive pings are in milliseconds and Tornado reads the same
                # setting in seconds, so it complained on the first page of every session.
                # A page and its server share this computer: no proxy drops an idle socket.
                "ws_ping_interval": 0,
            },
        },
        "VoilaConfiguration": {
            "template": "mentorkit",
            "show_tracebacks": False,
            "extension_denylist": EXTENSION_DENYLIST,
            "file_allowlist": [FILE_PATTERN],
            "http_keep_alive_timeout": 10,
            # On unless `--no-preheat`: see PREHEATED, and `page.when_requested` for how a
            # preheated notebook waits for the learner before reading their records.
            "preheat_kernel": preheat,
            "multi_kernel_manager_class": "mentorkit.serve.kernels.PageKernels",
        },
        "VoilaExecutor": {"timeout": 120},
        # Kernels talk to the server over sockets in Voilà's private folder, not on loopback
        # TCP ports: no other local program can reach them, and kernels starting together
        # no longer race for the same free port ("Address already in use").
        "KernelManager": {"transport": "ipc"},
        # A page that closed without its beacon (see ABANDONED_AFTER) leaves its kernel
        # running; a page open holds a connection, and a connected kernel is never culled.
        "MappingKernelManager": {
            "cull_idle_timeout": ABANDONED_AFTER,
            "cull_interval": CULL_EVERY,
            "cull_connected": False,
        },
        # Not sent with a request another site starts, so a link or form elsewhere
        # cannot open a page (and start its kernel) as the learner.
        "PasswordIdentityProvider": {"cookie_options": {"samesite": "Strict"}},
        # Voilà starts the next kernel of a page's pool, and runs the notebook in it, 1 s
        # after the last one was taken, while the page that took it is still loading
        # (about 2 s here) and so slower by a third. Refilling once that page is up costs
        # the learner nothing. Without a "default" entry every notebook under the root
        # would get a pool of one (some 40 kernels).
        "VoilaKernelManager": {
            "fill_delay": 4,
            "kernel_pools_config": {
                "default": {"pool_size": 0},
                **{notebook: {"pool_size": 1} for notebook in PREHEATED},
            },
        },
    }
