"""The store on one SQLite file: store.py (`SQLiteStore`), search.py (its search index and
queue), errors.py (SQLite's failures in a learner's words).

Import the store from `mentorkit.store`; this package imports nothing itself, as paths.py
and backups.py use its errors and the store uses them.
"""
