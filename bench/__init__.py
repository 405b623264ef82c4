"""Benchmarks: `python -m bench` measures mentorkit against its baselines and prints one table.

Every ratio is taken in the same run as its baseline (a median of repeated runs), so the
figures hold on whatever machine runs them. Not part of `make test`.
"""
