"""Turn PostgreSQL's failures into mentorkit errors that say what happened and what to do."""

from __future__ import annotations

from mentorkit.errors import (
    RecordErased,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreLocked,
    StoreReadOnly,
    StoreTooNew,
)
from mentorkit.store.schema.postgres import ID_ERASED
from mentorkit.store.sqlite.errors import NOTHING_CHANGED

ASK = "If it keeps happening, tell your programme coordinator what this message says."


def describe(url: str) -> str:
    """`the cohort database "cohort" on 127.0.0.1`, never the password."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        info = conninfo_to_dict(url)
    except Exception:  # an unreadable address is reported by connect itself
        return "the cohort database"
    host = info.get("host") or "this computer"
    name = info.get("dbname")
    return f'the cohort database "{name}" on {host}' if name else f"the cohort database on {host}"


def unreachable(where: str, exc: Exception) -> StoreError:
    """The connection could not be made (or was lost): say which of the usual reasons."""
    text = str(exc).lower()
    if "password authentication failed" in text or "no password supplied" in text:
        return StoreError(
            f"Mentorkit could not sign you in to {where}: the password was refused. "
            f"{NOTHING_CHANGED} Sign out of JupyterHub and in again; if that does not help, "
            "ask your programme coordinator to check your account."
        )
    if "role" in text and "does not exist" in text:
        return StoreError(
            f"You do not have an account in {where} yet. {NOTHING_CHANGED} Ask your programme "
            "coordinator to add you (mentorkit cohort add-learner YOUR-NAME)."
        )
    if "database" in text and "does not exist" in text:
        return StoreError(
            f"{where.capitalize()} does not exist yet. {NOTHING_CHANGED} It is made with "
            "mentorkit cohort init: ask your programme coordinator, or run it if that is you."
        )
    return StoreError(
        f"Mentorkit cannot reach {where} just now. {NOTHING_CHANGED} Check your connection "
        f"and try again in a minute. {ASK}"
    )


def too_new(where: str, version: int, known: int) -> StoreTooNew:
    return StoreTooNew(
        f"{where.capitalize()} was set up by a newer release of mentorkit (schema {version}; "
        f"this release knows up to {known}). It has not been changed. Update mentorkit "
        "(make install), or ask your programme coordinator which release the cohort uses."
    )


def not_a_store(where: str) -> StoreCorrupt:
    return StoreCorrupt(
        f"{where.capitalize()} holds tables, but it is not a mentorkit store, or part of it "
        "is missing. It has not been changed. Check the address in MENTORKIT_STORE_URL, "
        "or ask your programme coordinator to set the database up (mentorkit cohort init)."
    )


def needs_upgrade(where: str) -> StoreError:
    return StoreError(
        f"{where.capitalize()} needs an upgrade before this release of mentorkit can use it, "
        f"and your account may not change its tables. {NOTHING_CHANGED} Ask your programme "
        "coordinator to run: mentorkit cohort init."
    )


def translate(exc: Exception, where: str, timeout: float) -> StoreError:
    """The StoreError that explains a PostgreSQL failure to a learner."""
    import psycopg

    state = getattr(exc, "sqlstate", None) or ""
    if state in ("55P03", "57014", "40P01", "40001"):
        return StoreLocked(
            f"{where.capitalize()} is busy: a record you are saving has been held by another "
            f"window for more than {timeout:g} seconds. {NOTHING_CHANGED} Wait a moment and "
            "press Save again."
        )
    if state == "42501" and ID_ERASED in str(exc):
        return RecordErased(
            f"This record was erased for good in {where}, so it cannot be saved there again. "
            f"{NOTHING_CHANGED}"
        )
    if state == "42501":
        return StoreReadOnly(
            f"Your account may not do that in {where}: each learner can change only their own "
            f"records. {NOTHING_CHANGED} {ASK}"
        )
    if state == "25006":
        return StoreReadOnly(
            f"{where.capitalize()} is open for reading only just now (perhaps for maintenance). "
            f"{NOTHING_CHANGED} Try again later. {ASK}"
        )
    if state == "53100":
        return StoreFull(
            f"The disk that holds {where} is full, so this could not be saved. "
            f"{NOTHING_CHANGED} Tell your programme coordinator, then press Save again."
        )
    if state.startswith("XX") or state in ("42P01", "42703", "42883"):
        return not_a_store(where)
    if isinstance(exc, psycopg.OperationalError):
        return unreachable(where, exc)
    return StoreError(f"{where.capitalize()} could not do that ({exc}). {NOTHING_CHANGED} {ASK}")
