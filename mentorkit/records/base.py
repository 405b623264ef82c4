"""Old home of the record machinery, kept only while callers move to `mentorkit.records`.

Import these names from `mentorkit.records` instead; this module goes once nothing
imports it.
"""

from __future__ import annotations

from mentorkit.records.loading import loader_of
from mentorkit.records.parsing import is_empty, parse_date, parse_tags, parse_time

__all__ = ["is_empty", "loader_of", "parse_date", "parse_tags", "parse_time"]
