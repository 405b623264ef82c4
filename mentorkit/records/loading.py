"""Records from stored values, built fast: a journal or a search loads hundreds at once."""

from __future__ import annotations

import copy
from typing import Any

from mentorkit.records import envelope

#: A record kind or a row kind (`model._Model`), which this module may not import: the
#: model imports it.
Model = type


class _Loader:
    """Builds one model class from stored values, as `model_construct` would, but faster.

    `model_construct` looks up each field's default and inspects its factory on every call
    (20 µs a record); this works out once per class which fields need converting and what
    the defaults are, and fills the instance the way pydantic itself does
    (tests/test_records.py checks that the two give equal records).
    """

    def __init__(self, cls: Model):
        self.cls = cls
        self.names = tuple(cls.model_fields)
        self.count = len(self.names)
        self.all_given = set(self.names)
        self.convert = {
            name: converter
            for name in self.names
            if (converter := _converter(cls, name)) is not None
        }
        self.defaults = {
            name: (info.default_factory, info.default)
            for name, info in cls.model_fields.items()
            if not info.is_required()
        }
        #: the conversions left once the store has parsed the envelope's times itself
        self.convert_content = {n: c for n, c in self.convert.items() if n not in envelope.TIMES}
        # Anything pydantic would do beyond filling fields: leave it to model_construct.
        self.plain = not cls.__private_attributes__ and cls.model_config.get("extra") != "allow"

    def __call__(self, data: dict[str, Any]) -> Any:
        return self.owned(dict(data), self.convert)

    def owned(self, values: dict[str, Any], convert: dict[str, Any]) -> Any:
        """The record from `values`, which it keeps (the caller made them for it).

        `convert`: the fields whose stored values still need turning into Python ones.
        """
        # The store gives every field in the model's order; an older entry may not.
        if len(values) == self.count and tuple(values) == self.names:
            given = self.all_given.copy()
        else:
            given = {n for n in values if n in self.names}
            values = self._values(values)
        for name, converter in convert.items():
            value = values.get(name)
            if value is not None:
                values[name] = converter(value)
        if not self.plain:
            return self.cls.model_construct(given, **values)
        record = _new(self.cls)
        _set(record, "__dict__", values)
        _set(record, "__pydantic_fields_set__", given)
        _set(record, "__pydantic_extra__", None)
        _set(record, "__pydantic_private__", None)
        return record

    def _values(self, data: dict[str, Any]) -> dict[str, Any]:
        """The fields in order, with defaults for any saved before the field existed."""
        values = {}
        for name in self.names:
            if name in data:
                values[name] = data[name]
            elif name in self.defaults:
                factory, default = self.defaults[name]
                values[name] = factory() if factory is not None else copy.deepcopy(default)
        return values


_new, _set = object.__new__, object.__setattr__  # looked up once: loading runs per record
_LOADERS: dict[type, _Loader] = {}


def loader_of(cls: Model) -> _Loader:
    """The loader of one model class, made the first time it is asked for."""
    loader = _LOADERS.get(cls)
    if loader is None:
        loader = _LOADERS[cls] = _Loader(cls)
    return loader


def _converter(cls: Model, name: str) -> Any:
    """What turns a field's stored JSON value back into its Python value (None: as it is)."""
    spec = cls._spec_or_none(name) or envelope.BY_NAME.get(name)
    return None if spec is None else spec.field_type.reader(spec)
