"""Checks a recipe before any request is signed, naming where each problem is."""

from __future__ import annotations

import string
from collections.abc import Iterable

from .encodings import KEY_ENCODINGS, SIGNATURE_ENCODINGS
from .model import (
    PART_KINDS,
    Hash,
    JwtClaim,
    Nonce,
    Param,
    Part,
    Placement,
    Problem,
    SignatureRecipe,
    SortedParams,
)
from .registry import NONE, PRIMITIVES

__all__ = ["template_fields", "named_values", "validate", "SIGNATURE_FIELDS"]

_HASHES = ("sha256", "sha384", "sha512")
_HASH_ENCODINGS = ("raw", "hex", "base64")
_LOCATIONS = ("header", "query", "form", "json")
#: Template fields whose value exists only once the signature (or JWT) is made.
SIGNATURE_FIELDS = frozenset({"signature"})
#: Names the engine itself gives a value; a constant cannot take them.
_RESERVED = frozenset({"api_key", "timestamp", "nonce", "passphrase", "jwt", "secret", "signature"})
_JWT_FIELDS = frozenset({"api_key", "method", "host", "path", "target", "jwt_nonce"})


def template_fields(template: str) -> list[str] | str:
    """The field names of a ``str.format`` template, or why the template is not allowed.

    Only plain ``{name}`` fields are allowed: no positional fields, attribute or index
    access, conversions or format specs, so that a template cannot reach into objects.
    """
    names: list[str] = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"is not a valid template ({exc})"
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            return f"has field {{{name}}}: only plain {{name}} fields are allowed"
        names.append(name)
    return names


def named_values(recipe: SignatureRecipe) -> set[str]:
    """The names a placement template or a ``param`` part may use with this recipe."""
    names = {"api_key", "timestamp"}
    names.update(name for name, _ in recipe.constants)
    names.update(recipe.operation_params)
    if recipe.nonce is not None:
        names.add("nonce")
    if recipe.passphrase is not None:
        names.add("passphrase")
    if recipe.jwt is not None:
        names.add("jwt")
    if recipe.primitive != NONE:
        names.add("signature")
    elif recipe.jwt is None:
        # A bearer-token scheme (B2Trader's access_token) sends the secret itself.
        names.add("secret")
    return names


def validate(recipe: SignatureRecipe) -> list[Problem]:
    """Every problem in ``recipe``; an empty list means it can sign."""
    problems: list[Problem] = []
    names = named_values(recipe)
    signs = recipe.primitive != NONE
    if signs and recipe.primitive not in PRIMITIVES:
        known = ", ".join(sorted([*PRIMITIVES, NONE]))
        problems.append(("primitive", f"unknown primitive {recipe.primitive!r} (known: {known})"))
    if recipe.key_encoding not in KEY_ENCODINGS:
        problems.append(("key_encoding", f"unknown key encoding {recipe.key_encoding!r}"))
    if recipe.signature_encoding not in SIGNATURE_ENCODINGS:
        problems.append(
            ("signature_encoding", f"unknown signature encoding {recipe.signature_encoding!r}")
        )
    if signs and not recipe.message:
        problems.append(("message", f"primitive {recipe.primitive!r} has nothing to sign"))
    if not signs and recipe.message:
        problems.append(("message", "a message is declared but primitive 'none' signs nothing"))
    problems += _check_parts(recipe.message, "message", recipe, names)
    problems += _check_placements(recipe.placements, names)
    used = {field for placement in recipe.placements for field in _fields_or_empty(placement.value)}
    if signs and not used & SIGNATURE_FIELDS:
        problems.append(("placements", "the signature is never placed (no {signature})"))
    if recipe.jwt is not None:
        if "jwt" not in used:
            problems.append(("placements", "the JWT is never placed (no {jwt})"))
        problems += _check_jwt(recipe)
    if recipe.passphrase is not None:
        if recipe.passphrase.mode not in ("plain", "signed"):
            problems.append(("passphrase.mode", f"unknown mode {recipe.passphrase.mode!r}"))
        if recipe.passphrase.mode == "signed" and recipe.passphrase.primitive not in PRIMITIVES:
            problems.append(
                ("passphrase.primitive", f"unknown primitive {recipe.passphrase.primitive!r}")
            )
        if recipe.passphrase.encoding not in SIGNATURE_ENCODINGS:
            problems.append(
                ("passphrase.encoding", f"unknown encoding {recipe.passphrase.encoding!r}")
            )
    if recipe.nonce is not None:
        if recipe.nonce.kind not in ("increasing_ms", "ms_salt"):
            problems.append(("nonce.kind", f"unknown nonce kind {recipe.nonce.kind!r}"))
        if not 1 <= recipe.nonce.salt_digits <= 9:
            problems.append(("nonce.salt_digits", "must be between 1 and 9"))
    if recipe.timestamp.format not in ("ms", "s", "iso8601"):
        problems.append(("timestamp.format", f"unknown format {recipe.timestamp.format!r}"))
    seen: set[str] = set()
    for index, (name, _) in enumerate(recipe.constants):
        where = f"constants[{index}]"
        if name in seen or name in recipe.operation_params:
            problems.append((where, f"{name!r} is declared twice"))
        if name in _RESERVED or not name.isidentifier():
            problems.append((where, f"{name!r} cannot be a constant's name"))
        seen.add(name)
    return problems


def _fields_or_empty(template: str) -> list[str]:
    fields = template_fields(template)
    return fields if isinstance(fields, list) else []


def _check_parts(
    parts: Iterable[object], where: str, recipe: SignatureRecipe, names: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    kinds = tuple(PART_KINDS.values())
    for index, part in enumerate(parts):
        at = f"{where}[{index}]"
        if not isinstance(part, kinds):
            known = ", ".join(PART_KINDS)
            problems.append((at, f"unknown part {part!r} (known: {known})"))
            continue
        problems += _check_part(part, at, recipe, names)
    return problems


def _check_part(part: Part, at: str, recipe: SignatureRecipe, names: set[str]) -> list[Problem]:
    if isinstance(part, Nonce) and recipe.nonce is None:
        return [(at, "a nonce part needs the recipe's nonce declared")]
    if isinstance(part, Param):
        if part.name in SIGNATURE_FIELDS or part.name in ("jwt", "secret", "passphrase"):
            return [(f"{at}.name", f"{part.name!r} cannot be signed")]
        if part.name not in names:
            return [(f"{at}.name", f"unknown value {part.name!r}")]
    if isinstance(part, SortedParams):
        fields = template_fields(part.pair)
        if isinstance(fields, str) or set(fields) - {"key", "value"}:
            return [(f"{at}.pair", "may use only {key} and {value}")]
    if isinstance(part, Hash):
        problems: list[Problem] = []
        if part.algorithm not in _HASHES:
            problems.append((f"{at}.algorithm", f"unknown hash {part.algorithm!r}"))
        if part.encoding not in _HASH_ENCODINGS:
            problems.append((f"{at}.encoding", f"unknown encoding {part.encoding!r}"))
        if not part.parts:
            problems.append((f"{at}.parts", "a hash needs at least one part"))
        return problems + _check_parts(part.parts, f"{at}.parts", recipe, names)
    return []


def _check_placements(placements: tuple[Placement, ...], names: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for index, placement in enumerate(placements):
        at = f"placements[{index}]"
        if placement.location not in _LOCATIONS:
            problems.append((f"{at}.location", f"unknown location {placement.location!r}"))
        if not placement.name:
            problems.append((f"{at}.name", "is empty"))
        key = (
            placement.location,
            placement.name.lower() if placement.location == "header" else placement.name,
        )
        if key in seen:
            problems.append((at, f"{placement.location} {placement.name!r} is placed twice"))
        seen.add(key)
        fields = template_fields(placement.value)
        if isinstance(fields, str):
            problems.append((f"{at}.value", fields))
            continue
        for name in fields:
            if name not in names:
                problems.append((f"{at}.value", f"unknown value {{{name}}}"))
    return problems


def _check_claims(claims: tuple[JwtClaim, ...], where: str, allowed: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for index, claim in enumerate(claims):
        at = f"{where}[{index}]"
        if claim.kind not in ("str", "time"):
            problems.append((f"{at}.kind", f"unknown kind {claim.kind!r}"))
            continue
        if claim.kind == "time":
            continue
        fields = template_fields(claim.template)
        if isinstance(fields, str):
            problems.append((f"{at}.template", fields))
            continue
        problems += [
            (f"{at}.template", f"unknown value {{{name}}}")
            for name in fields
            if name not in allowed
        ]
    return problems


def _check_jwt(recipe: SignatureRecipe) -> list[Problem]:
    assert recipe.jwt is not None
    problems: list[Problem] = []
    if recipe.jwt.algorithm not in ("ES256", "EdDSA"):
        problems.append(("jwt.algorithm", f"unknown algorithm {recipe.jwt.algorithm!r}"))
    if recipe.primitive != NONE:
        problems.append(("primitive", "a JWT recipe signs with the JWT: use primitive 'none'"))
    allowed = set(_JWT_FIELDS) | {name for name, _ in recipe.constants}
    problems += _check_claims(recipe.jwt.claims, "jwt.claims", allowed)
    problems += _check_claims(recipe.jwt.header, "jwt.header", allowed)
    return problems
