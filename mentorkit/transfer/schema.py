"""The published JSON schema of an export, generated from the record kinds.

Each kind gets a file `records/<kind>.json`: the kind's name and its records, each with
the envelope and every revision (tags and content as saved). The same pydantic models
that produce the schema check an archive on import.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model

from mentorkit.records import KINDS, FieldSpec, Record, envelope

#: Bumped when the layout of an archive changes, a kind's fields and their types included
#: (tests/test_exchange.py holds a fingerprint of each version's layout); an archive with a
#: higher number is refused, as this release could not check it against its schema.
ARCHIVE_VERSION = 2  # 2: witness testimony, supervision and qualification records
ARCHIVE_FORMAT = "mentorkit-archive"
SCHEMA_ID = f"urn:mentorkit:archive:{ARCHIVE_VERSION}"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


@functools.cache
def file_model(kind: str) -> type[BaseModel]:
    """The model of `records/<kind>.json`, built from the kind's declared fields."""
    record_kind = KINDS[kind]
    name = record_kind.__name__
    content = create_model(
        f"{name}Content",
        __base__=_Strict,
        **{s.name: _declared(record_kind, s.name) for s in record_kind.specs()},
    )
    revision = create_model(
        f"{name}Revision",
        __base__=_Strict,
        revision=(int, Field(ge=1)),
        saved=(datetime, Field(description="When this revision was saved.")),
        tags=(list[str], ...),
        content=(content, ...),
    )
    archived = create_model(
        f"Archived{name}",
        __base__=_Strict,
        **_envelope(),
        revisions=(list[revision], Field(min_length=1, description="Oldest first.")),
    )
    return create_model(
        f"{name}File",
        __base__=_Strict,
        kind=(Literal[kind], ...),
        records=(list[archived], ...),
    )


def _declared(kind: type[Record], name: str) -> tuple[Any, Any]:
    """The field as declared (its `x-mentorkit` note, type and audience, is the spec's)."""
    info = kind.model_fields[name]
    return info.annotation, info


def _envelope() -> dict[str, tuple[Any, Any]]:
    """The record's part of the envelope (each revision has its own), typed from its specs."""
    return {name: _envelope_field(envelope.BY_NAME[name]) for name in envelope.PER_RECORD}


def _envelope_field(spec: FieldSpec) -> tuple[Any, Any]:
    if spec.type == "items":
        return list[str], ...
    if spec.type == "link":
        return str | None, ...
    if spec.type == "datetime":
        if spec.required:
            return datetime, ...
        return datetime | None, Field(description=spec.prompt)
    return str, Field(min_length=1)


@functools.cache
def archive_schema() -> dict[str, Any]:
    """JSON schema (draft 2020-12) that every `records/<kind>.json` of an export follows."""
    files = tuple(file_model(kind) for kind in KINDS)
    union = Annotated[files[0] if len(files) == 1 else _union(files), Field(discriminator="kind")]
    schema = TypeAdapter(union).json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "mentorkit export: the records of one kind",
        "description": (
            f"Archive format version {ARCHIVE_VERSION}. Each file records/<kind>.json holds "
            "every record of one kind with all its revisions, oldest first."
        ),
        **schema,
    }


def _union(types: tuple[type, ...]) -> Any:
    from typing import Union

    return Union[types]  # noqa: UP007 (a tuple of types cannot be joined with |)
