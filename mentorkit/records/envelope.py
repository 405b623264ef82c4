"""The envelope: what every record has around its kind's own fields (id, owner, times, tags…).

Declared here once, as field specs, so the store's columns, the exports and the forms
can be derived from it rather than written out again.
"""

from __future__ import annotations

from mentorkit.records.fields import FieldSpec


def _spec(
    name: str, label: str, type: str, prompt: str = "", link: str | None = None, *,
    required: bool = True,
):  # fmt: skip
    """One envelope field; `required`: every saved record has a value for it."""
    return FieldSpec(name, label, prompt, type, required=required, audience="private", link=link)


#: The envelope's fields, in the order the store keeps them: `kind` is the class's, the rest
#: are fields of every record. Their audience is their record's (`Record.envelope_specs`).
SPECS = (
    _spec("id", "Id", "text", "The record's own id, given when it is first saved."),
    _spec("kind", "Kind", "text", "What kind of record it is, such as learning-log."),
    _spec("owner", "Owner", "text", "Who wrote it: only they can change it."),
    _spec("created", "Created", "datetime", "When it was first saved."),
    _spec("updated", "Saved", "datetime", "When this revision was saved."),
    _spec("revision", "Revision", "number", "How many times it has been saved."),
    _spec("deleted", "In the trash since", "datetime", "When it went to the trash, if it did.",
          required=False),
    _spec("tags", "Tags", "items",
          "Optional: a few words to find this entry by in the journal, separated by commas.",
          required=False),
    _spec("partnership", "Shared with", "link",
          "Your partner can read what you save here, and add to it.", link="partnership",
          required=False),
    _spec("links", "Linked records", "items", "Other records this one refers to.", required=False),
)  # fmt: skip

#: The envelope's names, in the order the store keeps them.
ENVELOPE = tuple(spec.name for spec in SPECS)
#: The part of the envelope each revision has of its own; the rest is the record's.
PER_REVISION = ("updated", "revision", "tags")
#: The part of the envelope an archive keeps once per record (`kind` is the file's, and each
#: revision has its own PER_REVISION part).
PER_RECORD = tuple(n for n in ENVELOPE if n not in (*PER_REVISION, "kind"))
#: The envelope's times, which the store reads back itself.
TIMES = tuple(spec.name for spec in SPECS if spec.type == "datetime")

BY_NAME = {spec.name: spec for spec in SPECS}
