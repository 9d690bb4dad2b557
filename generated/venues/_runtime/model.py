"""Base classes for generated models: the policy every venue model shares."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, ConfigDict

__all__ = ["VenueModel", "OpenEnum"]


class VenueModel(BaseModel):
    """A venue payload object.

    Fields the spec does not name are kept (``model_extra``) rather than dropped; numbers
    sent where the docs say string are kept as their decimal text; wire names and
    snake_case names both populate a field.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        coerce_numbers_to_str=True,
        arbitrary_types_allowed=True,
        # Field names come from venues; the generator renames any that would shadow a
        # pydantic method (model_dump -> model_dump_), so the namespace guard only warns.
        protected_namespaces=(),
    )


_MAX_REMEMBERED = 256


class OpenEnum(StrEnum):
    """A string enum that accepts values the venue's docs never listed.

    An unlisted value becomes a member of its own (``is_known`` is False) that keeps the
    exact text, so nothing is lost and comparisons with the plain string still work.
    """

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        # Remembered, so the next reply with the same unlisted value finds it in the enum's
        # own lookup table instead of coming here again; bounded, so a venue sending random
        # values cannot grow it without limit. Never listed as a member (is_known is False).
        if len(cls._value2member_map_) < _MAX_REMEMBERED:
            cls._value2member_map_.setdefault(value, member)
        return member

    @property
    def is_known(self) -> bool:
        """True when the value is one the spec lists."""
        return type(self).__members__.get(self._name_) is self

    def __reduce_ex__(self, protocol: Any) -> Any:
        return type(self), (self.value,)
