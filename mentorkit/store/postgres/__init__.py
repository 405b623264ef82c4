"""The store on a cohort's PostgreSQL database: store.py (`PostgresStore`), search.py (words
cut as SQLite's search cuts them), errors.py (PostgreSQL's failures in a learner's words).

Import the store from `mentorkit.store`.
"""
