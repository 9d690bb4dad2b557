"""Base classes for generated models, and the functions every venue model shares.

Models are :class:`msgspec.Struct` classes: msgspec decodes a reply into them in one pass
(no intermediate dicts), which is what makes typed results about as cheap as untyped ones.
What pydantic offered as methods is here as functions, so that no venue field can ever be
shadowed by a method name: :func:`extra_fields`, :func:`wire_names`, :func:`to_dict`,
:func:`to_json` and :func:`from_wire`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from enum import Enum, IntEnum, StrEnum
from types import UnionType
from typing import Annotated, Any, Self, TypeVar, Union, get_args, get_origin, get_type_hints

import msgspec

from ..errors import DecodeError
from .types import WireValue

__all__ = [
    "VenueModel",
    "OpenEnum",
    "OpenIntEnum",
    "bind_wire_values",
    "extra_fields",
    "from_wire",
    "to_dict",
    "to_json",
    "wire_names",
]

M = TypeVar("M", bound="VenueModel")


class VenueModel(
    msgspec.Struct,
    kw_only=True,
    forbid_unknown_fields=True,
    dict=True,
):
    """A venue payload object.

    Built from a reply, it keeps fields the spec does not name (:func:`extra_fields`): the
    strict one-pass decoder refuses them, and the lenient decoder the runtime then falls back
    to keeps them. Attributes are snake_case; :func:`wire_names` maps them to the venue's
    names. Build one from Python names with the constructor (keywords only), or from wire
    names with :func:`from_wire`.
    """


#: Where a model keeps the fields the spec does not name (in its ``__dict__``, so no field
#: name can clash with it).
EXTRA_ATTRIBUTE = "__venues_extra__"
#: On a subclass the one-pass decoder derived to read fields the spec does not name (see
#: ``PayloadCodec``): its extra attributes and their wire names.
LEARNED_ATTRIBUTE = "__venues_learned__"


#: On such a subclass: the generated model it derives from (what pickling rebuilds).
DECLARED_ATTRIBUTE = "__venues_declared__"


def reduce_as_declared(model: VenueModel) -> tuple[Any, ...]:
    """``__reduce__`` of a derived subclass: pickle can only name the generated model (the
    subclass is not a module attribute), so the copy is one, keeping every value (as stored)
    and the unknown fields."""
    declared = getattr(type(model), DECLARED_ATTRIBUTE)
    stored = msgspec.structs.asdict(model)  # as stored: timestamps and decimal text as sent
    values = {name: stored[name] for name in declared.__struct_fields__}
    return _rebuild, (declared, values, extra_fields(model))


def _rebuild(cls: type[M], values: dict[str, Any], extra: dict[str, Any]) -> M:
    model = cls(**values)
    if extra:
        model.__dict__[EXTRA_ATTRIBUTE] = extra
    return model


def extra_fields(model: VenueModel) -> dict[str, Any]:
    """The fields of ``model`` the spec does not name, by wire name, as decoded JSON."""
    learned: dict[str, str] | None = getattr(type(model), LEARNED_ATTRIBUTE, None)
    kept: dict[str, Any] = model.__dict__.get(EXTRA_ATTRIBUTE, {})
    if not learned:
        return kept
    extra = {
        wire: value
        for attribute, wire in learned.items()
        if (value := getattr(model, attribute)) is not msgspec.UNSET
    }
    return {**extra, **kept} if kept else extra


def wire_names(model: VenueModel | type[VenueModel]) -> dict[str, str]:
    """Attribute name to wire name, for every field the model declares."""
    cls = model if isinstance(model, type) else type(model)
    learned = getattr(cls, LEARNED_ATTRIBUTE, None) or {}
    return {
        name: wire
        for name, wire in zip(cls.__struct_fields__, cls.__struct_encode_fields__, strict=True)
        if name not in learned
    }


def _plain(value: Any, *, by_wire: bool) -> Any:
    if isinstance(value, VenueModel):
        names = wire_names(value) if by_wire else None
        result: dict[str, Any] = {}
        declared = wire_names(value)
        read = _read_plain(type(value))
        # asdict reads the stored values: timestamps as they were sent, not converted;
        # decimal text is read (a Decimal, as the field's type says).
        for name, item in msgspec.structs.asdict(value).items():
            if name in declared:
                if name in read and item is not None:
                    item = getattr(value, name)
                result[names[name] if names else name] = _plain(item, by_wire=by_wire)
        result.update(extra_fields(value))
        return result
    if isinstance(value, list | tuple):
        return [_plain(item, by_wire=by_wire) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item, by_wire=by_wire) for key, item in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        raw = getattr(value, "raw", None)
        return raw if raw is not None else value.isoformat()
    return value


def _read_plain(cls: type) -> frozenset[str]:
    """The fields of ``cls`` that :func:`to_dict` reads (converted) rather than as stored."""
    found = _PLAIN_READ.get(cls)
    if found is None:
        found = _PLAIN_READ[cls] = frozenset(
            name
            for name in cls.__struct_fields__  # type: ignore[attr-defined]
            if isinstance(field := getattr(cls, name, None), _WireField) and field.plain
        )
    return found


_PLAIN_READ: dict[type, frozenset[str]] = {}


def to_dict(model: Any, *, by_wire: bool = True) -> Any:
    """``model`` (or a list of models) as plain data: wire names (or attribute names with
    ``by_wire=False``), the kept unknown fields, timestamps as sent, enums as their values.
    Decimals stay :class:`~decimal.Decimal`."""
    return _plain(model, by_wire=by_wire)


def to_json(model: Any, *, by_wire: bool = True) -> bytes:
    """``to_dict(model)`` as JSON bytes; decimals are written as their exact text."""
    return _ENCODER.encode(to_dict(model, by_wire=by_wire))


def from_wire(cls: type[M], data: Mapping[str, Any]) -> M:
    """A model built from decoded JSON with the venue's field names (the reply's shape).

    Coerces and keeps unknown fields exactly as decoding a reply does; raises
    :class:`msgspec.ValidationError` naming the path of a value that does not fit.
    """
    from .response import convert_lenient  # the decoder lives with the rest of decoding

    result: M = convert_lenient(data, cls)
    return result


class _WireField:
    """A field kept as sent and converted when read (see :class:`~.types.WireValue`).

    Replaces the field's slot descriptor on the class: msgspec stores and compares the wire
    value (decoding, ``==``, ``repr``, :func:`to_dict` see it), attribute reads convert it,
    once per instance (the result is kept in the instance's ``__dict__``).
    """

    __slots__ = ("convert", "name", "plain", "read", "slot")

    def __init__(self, slot: Any, name: str, convert: Callable[[Any], Any], plain: bool = False) -> None:
        self.slot = slot
        self.name = name
        self.convert = convert
        self.plain = plain
        # Bound once: a first read is a few hundred nanoseconds, every lookup here counts.
        self.read = slot.__get__

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        cache = instance.__dict__
        name = self.name
        if name in cache:
            return cache[name]
        value = self.read(instance)
        if value is not None:
            try:
                value = self.convert(value)
            except (ValueError, TypeError, ArithmeticError) as exc:
                raise _read_error(type(instance), name, value, exc) from None
        cache[name] = value
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__.pop(self.name, None)
        self.slot.__set__(instance, value)


_NOTHING: Any = object()


def _read_error(cls: type, name: str, value: Any, exc: Exception) -> DecodeError:
    module = cls.__module__.split(".")
    venue = module[-2] if len(module) >= 2 and module[-1] == "models" else cls.__module__
    return DecodeError(
        f"the field {name!r} holds {str(value)[:80]!r}, which is not a valid value: {exc}",
        venue=venue,
        operation=f"read {cls.__name__}.{name}",
        status_code=None,
        raw_body=str(value),
    )


def _wire_value(hint: Any) -> WireValue | None:
    if get_origin(hint) is Annotated:
        for meta in hint.__metadata__:
            if isinstance(meta, WireValue):
                return meta
        return _wire_value(get_args(hint)[0])
    for member in get_args(hint) if get_origin(hint) in (Union, UnionType) else ():
        found = _wire_value(member)
        if found is not None:
            return found
    return None


def bind_wire_values(namespace: dict[str, Any]) -> None:
    """Give every model class in ``namespace`` (a generated models module's ``globals()``)
    attributes that convert the fields kept as sent (:class:`~.types.WireValue`) when read.
    Generated modules call it once, after their last class."""
    for cls in list(namespace.values()):
        if not (isinstance(cls, type) and issubclass(cls, VenueModel)) or cls is VenueModel:
            continue
        hints = get_type_hints(cls, globalns=namespace, include_extras=True)
        for name in cls.__struct_fields__:
            marker = _wire_value(hints.get(name))
            slot = cls.__dict__.get(name)
            if marker is not None and slot is not None and not isinstance(slot, _WireField):
                setattr(cls, name, _WireField(slot, name, marker.convert, marker.plain))


_ENCODER = msgspec.json.Encoder(decimal_format="string")

_MAX_REMEMBERED = 256

#: How many unlisted values open enums have remembered so far (in this process). msgspec
#: reads an enum's values once into each model's compiled type, so a decoder built before
#: a value was remembered still hands it to ``_missing_`` (a Python call per value, about a
#: tenth of a listing's decode when a venue sends an unlisted status on every order); the
#: one-pass decoder compares this count to rebuild its models' types (``PayloadCodec``).
remembered = 0


def _remember(cls: type[Enum], value: Any, member: Enum) -> None:
    global remembered
    if value in cls._value2member_map_:
        return
    cls._value2member_map_[value] = member
    # msgspec keeps its table of the enum's values here; a type compiled after this reads
    # the table again, with the value.
    if "__msgspec_cache__" in cls.__dict__:
        delattr(cls, "__msgspec_cache__")
    remembered += 1


class OpenEnum(StrEnum):
    """A string enum that accepts values the venue's docs never listed.

    An unlisted value becomes a member of its own (``is_known`` is False) that keeps the
    exact text, so nothing is lost and comparisons with the plain string still work.
    """

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if not isinstance(value, str):
            return None
        known = cls._value2member_map_.get(value)
        if known is not None:
            return known  # type: ignore[return-value]
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        # Remembered, so the next reply with the same unlisted value finds it in the enum's
        # own lookup table instead of coming here again; bounded, so a venue sending random
        # values cannot grow it without limit. Never listed as a member (is_known is False).
        if len(cls._value2member_map_) < _MAX_REMEMBERED:
            _remember(cls, value, member)
        return member

    @property
    def is_known(self) -> bool:
        """True when the value is one the spec lists."""
        return type(self).__members__.get(self._name_) is self

    def __reduce_ex__(self, protocol: Any) -> Any:
        return type(self), (self.value,)



class OpenIntEnum(IntEnum):
    """An integer enum that accepts values the venue's docs never listed (``type: integer``
    with an ``enum``): the integer twin of :class:`OpenEnum`.

    An unlisted value becomes a member of its own (``is_known`` is False, its name is the
    number's text), so a venue adding a code breaks nothing and ``==`` with the plain int
    still works.
    """

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        known = cls._value2member_map_.get(value)
        if known is not None:
            return known  # type: ignore[return-value]
        member = int.__new__(cls, value)
        member._name_ = str(value)
        member._value_ = value
        if len(cls._value2member_map_) < _MAX_REMEMBERED:
            _remember(cls, value, member)
        return member

    @property
    def is_known(self) -> bool:
        """True when the value is one the spec lists."""
        return type(self).__members__.get(self._name_) is self

    def __reduce_ex__(self, protocol: Any) -> Any:
        return type(self), (self.value,)
