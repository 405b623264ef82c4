"""The workbook in a real kernel, driven as JupyterLab drives it.

JupyterLab sends a widget's typed values on a kernel subshell (a thread of the kernel's
own, with its own event loop, in ipykernel 7), while a click on a button comes on the
kernel's main thread. Voilà sends both on the main thread, so the browser tests alone
never see the difference.
"""

from __future__ import annotations

import json
import time
from queue import Empty

import pytest
from jupyter_client.manager import start_new_kernel

TIMEOUT = 60

SETUP = """
from mentorkit.store import Store
from mentorkit.apps.journal import journal
from mentorkit.forms import form
from mentorkit.records import LearningLogEntry
import datetime as dt

store = Store.open()
for words in ("Rota planning with Sam", "Feedback on the rota", "A talk about careers"):
    store.add(LearningLogEntry(date=dt.date(2026, 11, 2), context=words, what_i_did="Listened",
                               learning_points="Ask more"))
view = journal(store=store)
log_form = form("learning-log", store=store)


def shown(widget):
    # every piece of text a widget and those inside it show
    own = [getattr(widget, name, None) for name in ("value", "description")]
    inner = [t for child in getattr(widget, "children", ()) for t in shown(child)]
    return [t for t in own if isinstance(t, str) and t] + inner


print(view.search.model_id, log_form.fields["context"].input.model_id, log_form.draft_key)
"""


@pytest.fixture
def kernel(tmp_path, monkeypatch):
    monkeypatch.setenv("MENTORKIT_HOME", str(tmp_path / "home"))
    manager, client = start_new_kernel(kernel_name="python3", startup_timeout=TIMEOUT)
    try:
        if not client.kernel_info(reply=True, timeout=TIMEOUT)["content"].get("supported_features"):
            pytest.skip("this ipykernel has no subshells, so JupyterLab uses the main thread")
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _run(client, code: str) -> str:
    """Run code on the main shell; its printed output (a traceback fails the test)."""
    reply = client.execute_interactive(code, timeout=TIMEOUT, output_hook=(out := _Output()))
    assert reply["content"]["status"] == "ok", "".join(out.text) + str(reply["content"])
    return "".join(out.text)


class _Output:
    def __init__(self):
        self.text: list[str] = []

    def __call__(self, msg) -> None:
        if msg["msg_type"] == "stream":
            self.text.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            self.text.append("\n".join(msg["content"]["traceback"]))


def _subshell(client) -> str:
    request = client.session.msg("create_subshell_request", {})
    client.control_channel.send(request)
    reply = client.control_channel.get_msg(timeout=TIMEOUT)
    return reply["content"]["subshell_id"]


def _on_subshell(client, subshell: str, model_id: str, data: dict) -> None:
    """Send a widget a message on a subshell, as JupyterLab does, and wait until handled."""
    message = client.session.msg("comm_msg", {"comm_id": model_id, "data": data})
    message["header"]["subshell_id"] = subshell
    client.shell_channel.send(message)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:  # the subshell's status goes idle once handled
        try:
            msg = client.get_iopub_msg(timeout=1)
        except Empty:
            continue
        if (msg["parent_header"].get("msg_id") == message["header"]["msg_id"]
                and msg["content"].get("execution_state") == "idle"):  # fmt: skip
            return
    raise AssertionError("the kernel never finished with the message")


def _type_on(client, subshell: str, model_id: str, value: str) -> None:
    """What JupyterLab sends when it shows a box (asks for its state: ipykernel then routes
    the box's messages to that subshell) and when the learner types in it."""
    _on_subshell(client, subshell, model_id, {"method": "request_state"})
    update = {"method": "update", "state": {"value": value}, "buffer_paths": []}
    _on_subshell(client, subshell, model_id, update)


def test_search_and_drafts_work_when_typing_arrives_on_a_subshell(kernel):
    search_id, context_id, draft_key = _run(kernel, SETUP).split()
    subshell = _subshell(kernel)

    _type_on(kernel, subshell, search_id, "rota")
    listed = json.loads(_run(kernel, "import json; print(json.dumps("
                                     "[r.context for r in view.entries()]))"))  # fmt: skip
    assert sorted(listed) == ["Feedback on the rota", "Rota planning with Sam"]
    listing = _run(kernel, "print(shown(view.listing))")
    assert "could not be used" not in listing
    assert "Rota planning with Sam" in listing and "careers" not in listing

    _type_on(kernel, subshell, context_id, "Half typed on a subshell")
    time.sleep(1.5)  # drafts wait for a pause in the typing
    kept = _run(kernel, f"print(store.drafts.get({draft_key!r}))")
    assert "Half typed on a subshell" in kept
