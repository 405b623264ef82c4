"""mentorkit: a Jupyter course and workbook for learning to mentor and keeping its records."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
