"""Keep every test (and every notebook nbval runs) away from the learner's real store."""

from __future__ import annotations

import os
import tempfile


def pytest_configure(config):
    if "MENTORKIT_TEST_HOME" not in os.environ:
        home = tempfile.mkdtemp(prefix="mentorkit-test-home-")
        os.environ["MENTORKIT_TEST_HOME"] = home
        os.environ["MENTORKIT_HOME"] = home
