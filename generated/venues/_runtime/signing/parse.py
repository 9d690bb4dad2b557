"""A recipe from its spec (YAML) form, with every problem located.

The YAML form, as a spec would write it::

    primitive: hmac_sha512
    key_encoding: base64
    signature_encoding: base64
    nonce: {kind: increasing_ms}
    message: [path, {hash: {parts: [nonce, body]}}]
    placements:
      - {form: nonce, value: "{nonce}", first: true}
      - {header: API-Key, value: "{api_key}"}
      - {header: API-Sign, value: "{signature}"}

A part is its kind's name alone (``body``), or a one-key mapping whose value is the
kind's single field (``{text: "GET"}``, ``{param: window}``) or its fields
(``{query: {leading: "?"}}``). A placement is ``{<location>: <name>, value: ...}``.
JWT header fields and claims are mappings of name to a template, or to ``{time: <offset
seconds>}``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from .model import (
    PART_KINDS,
    Hash,
    JwtClaim,
    JwtSpec,
    NonceSpec,
    Part,
    PassphraseSpec,
    Placement,
    Problem,
    SignatureRecipe,
    TimestampSpec,
)
from .validate import validate

__all__ = ["parse_recipe"]

_TOP = {
    "primitive",
    "placements",
    "message",
    "separator",
    "key_encoding",
    "signature_encoding",
    "timestamp",
    "nonce",
    "passphrase",
    "jwt",
    "constants",
    "operation_params",
}
_LOCATIONS = ("header", "query", "form", "json")
_SCALARS = (str, bool, int)


def parse_recipe(data: object, where: str = "") -> tuple[SignatureRecipe | None, list[Problem]]:
    """The recipe ``data`` declares and every problem in it (then the recipe is None).

    Shape problems (unknown keys and part kinds, wrong types) are found first; a
    well-shaped recipe is then checked by :func:`~.validate.validate`. ``where`` prefixes
    every location (the spec path of the recipe, e.g. ``auth.signing``).
    """
    prefix = f"{where}." if where else ""
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        return None, [(where or "recipe", "must be a mapping")]
    for key in data:
        if key not in _TOP:
            problems.append((f"{prefix}{key}", "is not a recipe field"))
    if "primitive" not in data:
        problems.append((f"{prefix}primitive", "is required"))
    kwargs: dict[str, Any] = {}
    for key in ("primitive", "separator", "key_encoding", "signature_encoding"):
        if key in data:
            if isinstance(data[key], str):
                kwargs[key] = data[key]
            else:
                problems.append((f"{prefix}{key}", "must be a string"))
    kwargs["message"] = tuple(_parts(data.get("message", []), f"{prefix}message", problems))
    kwargs["placements"] = tuple(_placements(data.get("placements", []), prefix, problems))
    for key, cls in (
        ("timestamp", TimestampSpec),
        ("nonce", NonceSpec),
        ("passphrase", PassphraseSpec),
    ):
        if key in data:
            kwargs[key] = _fields(cls, data[key], f"{prefix}{key}", problems)
    if "jwt" in data:
        kwargs["jwt"] = _jwt(data["jwt"], f"{prefix}jwt", problems)
    constants = data.get("constants", {})
    if not isinstance(constants, Mapping):
        problems.append((f"{prefix}constants", "must be a mapping of name to value"))
    else:
        kwargs["constants"] = tuple((str(k), _text(v)) for k, v in constants.items())
    operation_params = data.get("operation_params", [])
    if not isinstance(operation_params, list) or not all(
        isinstance(n, str) for n in operation_params
    ):
        problems.append((f"{prefix}operation_params", "must be a list of names"))
    else:
        kwargs["operation_params"] = tuple(operation_params)
    if problems:
        return None, problems
    recipe = SignatureRecipe(**kwargs)
    problems = [(f"{prefix}{at}", what) for at, what in validate(recipe)]
    return (None if problems else recipe), problems


def _text(value: object) -> str:
    # YAML reads 5000 as an int; constants are text on the wire.
    return str(value).lower() if isinstance(value, bool) else str(value)


def _fields(cls: type[Any], value: object, at: str, problems: list[Problem]) -> Any:
    """An instance of the dataclass ``cls`` from a mapping of its (scalar) fields."""
    if not isinstance(value, Mapping):
        problems.append((at, "must be a mapping"))
        return None
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, item in value.items():
        if key not in names:
            problems.append((f"{at}.{key}", f"is not a field (fields: {', '.join(sorted(names))})"))
        elif not isinstance(item, _SCALARS):
            problems.append((f"{at}.{key}", "must be a string, number or boolean"))
        else:
            kwargs[key] = item
    try:
        return cls(**kwargs)
    except TypeError as exc:
        problems.append((at, str(exc)))
        return None


def _parts(value: object, at: str, problems: list[Problem]) -> list[Part]:
    if not isinstance(value, list):
        problems.append((at, "must be a list of parts"))
        return []
    parts: list[Part] = []
    for index, item in enumerate(value):
        part = _part(item, f"{at}[{index}]", problems)
        if part is not None:
            parts.append(part)
    return parts


def _part(item: object, at: str, problems: list[Problem]) -> Part | None:
    known = ", ".join(PART_KINDS)
    if isinstance(item, str):
        kind, args = item, None
    elif isinstance(item, Mapping) and len(item) == 1:
        kind, args = next(iter(item.items()))
    else:
        problems.append((at, f"must be a part name or a one-key mapping (parts: {known})"))
        return None
    cls = PART_KINDS.get(str(kind))
    if cls is None:
        problems.append((at, f"unknown part {kind!r} (known: {known})"))
        return None
    if cls is Hash:
        if not isinstance(args, Mapping):
            problems.append((at, "hash takes a mapping with parts"))
            return None
        inner = _parts(args.get("parts"), f"{at}.parts", problems)
        names = {f.name for f in dataclasses.fields(Hash)} - {"parts"}
        rest: dict[str, Any] = {}
        for key, option in args.items():
            if key == "parts":
                continue
            if key not in names or not isinstance(option, str):
                problems.append((f"{at}.{key}", "is not a text field of hash"))
            else:
                rest[key] = option
        return Hash(tuple(inner), **rest)
    required = [f.name for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING]
    if args is None:
        if required:
            problems.append((at, f"{kind} needs {', '.join(required)}"))
            return None
        no_fields: dict[str, Any] = {}
        part: Part | None = cls(**no_fields)
        return part
    if isinstance(args, Mapping):
        part = _fields(cls, args, at, problems)
        return part
    if len(required) == 1 and isinstance(args, str):
        single: dict[str, Any] = {required[0]: args}
        part = cls(**single)
        return part
    problems.append((at, f"{kind} takes a mapping of its fields"))
    return None


def _placements(value: object, prefix: str, problems: list[Problem]) -> list[Placement]:
    at = f"{prefix}placements"
    if not isinstance(value, list):
        problems.append((at, "must be a list"))
        return []
    placements: list[Placement] = []
    for index, item in enumerate(value):
        here = f"{at}[{index}]"
        if not isinstance(item, Mapping):
            problems.append((here, "must be a mapping"))
            continue
        locations = [key for key in item if key in _LOCATIONS]
        unknown = [key for key in item if key not in (*_LOCATIONS, "value", "first")]
        for key in unknown:
            problems.append(
                (f"{here}.{key}", f"is not a placement field (locations: {', '.join(_LOCATIONS)})")
            )
        if len(locations) != 1:
            problems.append((here, f"needs exactly one location ({', '.join(_LOCATIONS)})"))
            continue
        location = locations[0]
        if not isinstance(item[location], str) or not isinstance(item.get("value"), str):
            problems.append((here, "needs a name and a string value"))
            continue
        placements.append(
            Placement(location, item[location], item["value"], bool(item.get("first", False)))
        )
    return placements


def _claims(value: object, at: str, problems: list[Problem]) -> tuple[JwtClaim, ...]:
    if not isinstance(value, Mapping):
        problems.append((at, "must be a mapping of name to template"))
        return ()
    claims: list[JwtClaim] = []
    for name, item in value.items():
        if isinstance(item, str):
            claims.append(JwtClaim(str(name), item))
        elif isinstance(item, Mapping) and set(item) == {"time"} and isinstance(item["time"], int):
            claims.append(JwtClaim(str(name), kind="time", offset_s=item["time"]))
        else:
            problems.append((f"{at}.{name}", "must be a template or {time: <offset seconds>}"))
    return tuple(claims)


def _jwt(value: object, at: str, problems: list[Problem]) -> JwtSpec | None:
    if not isinstance(value, Mapping):
        problems.append((at, "must be a mapping"))
        return None
    for key in value:
        if key not in ("algorithm", "claims", "header"):
            problems.append((f"{at}.{key}", "is not a jwt field"))
    algorithm = value.get("algorithm")
    if not isinstance(algorithm, str):
        problems.append((f"{at}.algorithm", "is required"))
        return None
    claims = _claims(value.get("claims", {}), f"{at}.claims", problems)
    header = _claims(value.get("header", {}), f"{at}.header", problems)
    return JwtSpec(algorithm, claims, header)  # type: ignore[arg-type]
