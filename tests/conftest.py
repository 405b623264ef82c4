"""Fixtures: real SQLite stores in tmp_path."""

from __future__ import annotations

import pytest

from mentorkit.store import Store


@pytest.fixture
def store_path(tmp_path):
    return tmp_path / "home" / "mentorkit.db"


@pytest.fixture
def store(store_path):
    with Store.open(store_path, owner="learner") as opened:
        yield opened
