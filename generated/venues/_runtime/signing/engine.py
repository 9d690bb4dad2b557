"""Signs requests as a :class:`~.model.SignatureRecipe` declares.

The engine sees a request as the transport will send it (:class:`SignableRequest`):
method, path with any base-URL prefix, query items in order, body bytes and headers. It
adds every placement to that request, so what is signed is what is sent.
"""

from __future__ import annotations

import hashlib
import json
import operator
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, quote

from ..secrets import Secret
from .encodings import SIGNATURE_ENCODINGS, decode_key, encode_signature
from .jwt import JwtMinter
from .model import (
    Body,
    Hash,
    Method,
    Nonce,
    NonceSpec,
    Param,
    Part,
    Path,
    Placement,
    Problem,
    Query,
    SignatureRecipe,
    SortedParams,
    Text,
    Timestamp,
)
from .primitives.base import Sign
from .registry import NONE, PRIMITIVES
from .validate import SIGNATURE_FIELDS, template_fields, validate

__all__ = [
    "Clock",
    "system_clock_ms",
    "SigningConfigError",
    "SignableRequest",
    "Signed",
    "RequestSigner",
    "encode_query",
    "IncreasingMsNonce",
]

Clock = Callable[[], int]


def system_clock_ms() -> int:
    """Milliseconds since the Unix epoch."""
    return time.time_ns() // 1_000_000


class SigningConfigError(ValueError):
    """A recipe or the credentials given to it cannot sign; ``problems`` says where.

    Messages name the credential ("secret", "passphrase") but never contain its value.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{where}: {what}" for where, what in self.problems))


def encode_query(items: list[tuple[str, str]]) -> str:
    """Query items as sent: each key and value percent-encoded (UTF-8), joined by ``&``."""
    # Most queries need no quoting at all: joined as they are, one scan proves it (every
    # character unreserved, or one of the separators, each where the join put it).
    text = "&".join([f"{key}={value}" for key, value in items])
    if (
        _PLAIN_QUERY(text) is not None
        and text.count("=") == len(items)
        and text.count("&") == len(items) - 1
    ):
        return text
    return "&".join([f"{_quote(key)}={_quote(value)}" for key, value in items])


#: What ``quote(text, safe="")`` leaves as it is: such text (most keys and values) needs no
#: call to it, which costs more than the rest of building the target.
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")
#: A joined query of unreserved keys and values (checked by counting the separators).
_PLAIN_QUERY = re.compile(r"[A-Za-z0-9_.~=&-]*").fullmatch


def _quote(text: str) -> str:
    return text if _UNRESERVED.fullmatch(text) else quote(text, safe="")


@dataclass
class SignableRequest:
    """A request as it will be sent, before its signature.

    ``path`` is the path on the wire (with any base-URL prefix). ``body_params`` is the
    structured body, when there is one, for parts that sign parameters rather than bytes
    (``sorted_params``); otherwise a JSON-object or form body is parsed for them.
    ``host`` is only used by JWT claims. Once signed, the query, body and headers may
    carry credentials (a bearer token, a passphrase), so the repr shows none of them.
    """

    method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list, repr=False)
    body: bytes = field(default=b"", repr=False)
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    body_params: dict[str, object] | None = field(default=None, repr=False)
    host: str = ""

    def query_string(self) -> str:
        return encode_query(self.query)

    @property
    def target(self) -> str:
        """The path with its query string, exactly as sent."""
        query = self.query_string()
        return f"{self.path}?{query}" if query else self.path


@dataclass(frozen=True)
class Signed:
    """What one ``sign`` call did: the exact message bytes signed (empty for ``none``),
    the signature text, and the timestamp and nonce it used."""

    message: bytes
    signature: str | None
    timestamp: str
    nonce: str | None

    def __init__(self, message: bytes, signature: str | None, timestamp: str, nonce: str | None) -> None:
        # The fields in one update of the instance dict: a frozen dataclass's own __init__
        # sets each through object.__setattr__, which cost a few tenths of a microsecond
        # per signed request. Still frozen: assigning an attribute afterwards raises.
        self.__dict__.update(message=message, signature=signature, timestamp=timestamp, nonce=nonce)


class IncreasingMsNonce:
    """Millisecond-clock nonces that strictly increase, even across threads and tasks."""

    def __init__(self, clock: Clock = system_clock_ms) -> None:
        self._clock = clock
        self._last = 0
        self._lock = threading.Lock()

    def next_ms(self) -> int:
        with self._lock:
            self._last = max(self._last + 1, self._clock())
            return self._last

    def __call__(self) -> str:
        return str(self.next_ms())


class SaltedMsNonce:
    """The millisecond clock (as it is: never pushed ahead) followed by ``digits`` random
    digits, never repeating a salt within one millisecond: unique per signer without being
    ordered, for venues that accept such nonces in any order (Bitso's "nonce v2")."""

    def __init__(
        self, clock: Clock, digits: int, salt_source: Callable[[int], str] | None = None
    ) -> None:
        self._clock = clock
        self._digits = digits
        self._salt = salt_source or _random_digits
        self._lock = threading.Lock()
        self._millisecond = -1
        self._used: set[str] = set()

    def __call__(self) -> str:
        millisecond = self._clock()
        with self._lock:
            if millisecond != self._millisecond:
                self._millisecond = millisecond
                self._used.clear()
            if len(self._used) >= 10**self._digits:
                raise RuntimeError("every salt of this millisecond is used")
            salt = self._salt(self._digits)
            while salt in self._used:
                salt = self._salt(self._digits)
            self._used.add(salt)
        return f"{millisecond:013d}{salt}"


def _random_digits(digits: int) -> str:
    """``digits`` uniformly random decimal digits from the OS's CSPRNG."""
    return str(secrets.randbelow(10**digits)).zfill(digits)


def _nonce_source(
    spec: NonceSpec, clock: Clock, salt_source: Callable[[int], str] | None
) -> Callable[[], str]:
    if spec.kind == "increasing_ms":
        return IncreasingMsNonce(clock)
    return SaltedMsNonce(clock, spec.salt_digits, salt_source)


def _iso8601(ms: int) -> str:
    moment = datetime.fromtimestamp(ms // 1000, tz=UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{ms % 1000:03d}Z"


_TIMESTAMP_FORMATS: dict[str, Callable[[int], str]] = {
    "ms": str,
    "s": lambda ms: str(ms // 1000),
    "iso8601": _iso8601,
}


def _param_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


class RequestSigner:
    """Signs requests with one recipe and one set of credentials.

    Everything that can be wrong with the recipe or the credentials is found here, at
    construction (:class:`SigningConfigError`), not on the first request. The secret is
    decoded and bound to its primitive once; it never appears in a repr.

    ``constants`` overrides recipe constants (a client's ``recv_window``); ``clock``
    (ms), ``nonce_source``, ``salt_source`` and ``jwt_nonce_source`` are injectable so
    that tests reproduce signatures exactly.
    """

    def __init__(
        self,
        recipe: SignatureRecipe,
        *,
        api_key: str | None = None,
        secret: str | Secret | None = None,
        passphrase: str | Secret | None = None,
        constants: Mapping[str, str] | None = None,
        clock: Clock = system_clock_ms,
        nonce_source: Callable[[], str] | None = None,
        salt_source: Callable[[int], str] | None = None,
        jwt_nonce_source: Callable[[], str] | None = None,
    ) -> None:
        declaration_problems = validate(recipe)
        if declaration_problems:
            raise SigningConfigError(declaration_problems)
        self.recipe = recipe
        self.api_key = api_key
        self._secret = Secret(secret) if secret is not None else None
        self._clock = clock
        problems: list[Problem] = []
        declared = dict(recipe.constants)
        problems += [
            (f"constants.{name}", "is not a constant of this recipe")
            for name in constants or {}
            if name not in declared
        ]
        self._constants = {**declared, **(constants or {})}
        used = {name for p in recipe.placements for name in _fields(p.value)}
        used |= {part.name for part in _walk(recipe.message) if isinstance(part, Param)}
        if "api_key" in used and not api_key:
            problems.append(("api_key", "is required by this scheme"))
        self._sign: Sign | None = None
        self._jwt: JwtMinter | None = None
        key = self._key(used, problems)
        self._bind(key, problems)
        self._passphrase = self._bind_passphrase(passphrase, key, problems)
        if problems:
            raise SigningConfigError(problems)
        self._nonce: Callable[[], str] | None = None
        if recipe.nonce is not None:
            self._nonce = nonce_source or _nonce_source(recipe.nonce, clock, salt_source)
        self._jwt_nonce = jwt_nonce_source or (lambda: secrets.token_hex(16))
        # The recipe compiled once: what every request starts from, and one renderer per
        # message part and per placement (no dispatch on the recipe's kinds per request).
        self._base_values = dict(self._constants)
        if api_key is not None:
            self._base_values["api_key"] = api_key
        self._timestamp = _TIMESTAMP_FORMATS[recipe.timestamp.format]
        self._sends_secret = recipe.primitive == NONE and recipe.jwt is None
        self._encode_signature = SIGNATURE_ENCODINGS[recipe.signature_encoding]
        self._separator = recipe.separator.encode()
        self._parts = tuple(_compile_part(part) for part in recipe.message)
        self._before = tuple(
            (p, _renderer(p.value)) for p in recipe.placements if not _after_signing(p)
        )
        self._after = tuple((p, _renderer(p.value)) for p in recipe.placements if _after_signing(p))

    def _key(self, used: set[str], problems: list[Problem]) -> bytes | None:
        """The secret's key bytes, when anything in the recipe needs them."""
        recipe = self.recipe
        needs_key = (
            recipe.jwt is not None
            or "secret" in used
            or (recipe.primitive != NONE and PRIMITIVES[recipe.primitive].keyed)
            or (recipe.passphrase is not None and recipe.passphrase.mode == "signed")
        )
        if not needs_key:
            return None
        if self._secret is None or not self._secret:
            problems.append(("secret", "is required by this scheme"))
            return None
        try:
            return decode_key(self._secret.reveal(), recipe.key_encoding)
        except ValueError as exc:
            problems.append(("secret", f"{exc} (key_encoding: {recipe.key_encoding})"))
            return None

    def _bind(self, key: bytes | None, problems: list[Problem]) -> None:
        """Bind the key to the primitive and the JWT minter once, so that a key they
        cannot use fails here rather than on the first request."""
        recipe = self.recipe
        if recipe.primitive != NONE and not PRIMITIVES[recipe.primitive].keyed:
            self._sign = PRIMITIVES[recipe.primitive].prepare(b"")
            return
        if key is None:
            return
        try:
            if recipe.primitive != NONE:
                self._sign = PRIMITIVES[recipe.primitive].prepare(key)
            if recipe.jwt is not None:
                self._jwt = JwtMinter(recipe.jwt, key)
        except ValueError as exc:
            problems.append(("secret", str(exc)))

    def _bind_passphrase(
        self, passphrase: str | Secret | None, key: bytes | None, problems: list[Problem]
    ) -> Secret | None:
        spec = self.recipe.passphrase
        if spec is None:
            return None
        if passphrase is None:
            problems.append(("passphrase", "is required by this scheme"))
            return None
        if spec.mode == "plain":
            return Secret(passphrase)
        if key is None:
            return None  # the secret's own problem is already reported
        # Signed once: the value sent never changes for a given key and passphrase.
        raw = PRIMITIVES[spec.primitive].prepare(key)(Secret(passphrase).reveal().encode())
        return Secret(encode_signature(raw, spec.encoding))

    def sign(self, request: SignableRequest, params: Mapping[str, str] | None = None) -> Signed:
        """Add every placement to ``request`` (in place) and return what was signed.

        ``params`` gives the operation's values (``recipe.operation_params``).
        """
        values = self._base_values.copy()
        for name in self.recipe.operation_params:
            if params is None or name not in params:
                raise SigningConfigError([(f"operation_params.{name}", "was not given")])
            values[name] = params[name]
        now_ms = self._clock()
        timestamp = values["timestamp"] = self._timestamp(now_ms)
        nonce = None
        if self._nonce is not None:
            nonce = values["nonce"] = self._nonce()
        # Revealed only into the values the templates see, which live for this call.
        if self._passphrase is not None:
            values["passphrase"] = self._passphrase.reveal()
        if self._secret is not None and self._sends_secret:
            values["secret"] = self._secret.reveal()
        if self._jwt is not None:
            claims = {
                **self._constants,
                "api_key": self.api_key or "",
                "method": request.method.upper(),
                "host": request.host,
                "path": request.path,
                "target": request.target,
                "jwt_nonce": self._jwt_nonce(),
            }
            values["jwt"] = self._jwt.mint(claims, now_ms // 1000)
        for placement, render in self._before:
            _place(request, placement, render(values))
        message = b""
        signature: str | None = None
        if self._sign is not None:
            message = self._message(request, values)
            signature = values["signature"] = self._encode_signature(self._sign(message))
        for placement, render in self._after:
            _place(request, placement, render(values))
        return Signed(message, signature, timestamp, nonce)  # positional: cheaper, same fields

    def _message(self, request: SignableRequest, values: Mapping[str, str]) -> bytes:
        parts = self._parts
        if len(parts) == 1:
            return parts[0](request, values)
        return self._separator.join([render(request, values) for render in parts])

    def __repr__(self) -> str:
        return (
            f"RequestSigner(primitive={self.recipe.primitive!r}, api_key={self.api_key!r}, "
            f"secret={self._secret!r})"
        )


def _after_signing(placement: Placement) -> bool:
    """Whether a placement needs the signature, so is applied once it exists."""
    return bool(set(_fields(placement.value)) & SIGNATURE_FIELDS)


def _fields(template: str) -> list[str]:
    fields = template_fields(template)
    return fields if isinstance(fields, list) else []


def _walk(parts: tuple[Part, ...]) -> list[Part]:
    found: list[Part] = []
    for part in parts:
        found.append(part)
        if isinstance(part, Hash):
            found += _walk(part.parts)
    return found


def _body_params(request: SignableRequest) -> dict[str, object]:
    if request.body_params is not None:
        return request.body_params
    if not request.body:
        return {}
    text = request.body.decode()
    if text.lstrip().startswith("{"):
        parsed = json.loads(text, parse_float=Decimal)
        if isinstance(parsed, dict):
            return parsed
        return {}
    return dict(parse_qsl(text, keep_blank_values=True))


#: Renders one message part of a request, given the call's template values.
_Renderer = Callable[[SignableRequest, Mapping[str, str]], bytes]


def _compile_part(part: Part) -> _Renderer:
    """The renderer of ``part``, decided once per recipe rather than once per request."""
    if isinstance(part, Timestamp):
        return lambda request, values: values["timestamp"].encode()
    if isinstance(part, Nonce):
        return lambda request, values: values["nonce"].encode()
    if isinstance(part, Method):
        if part.upper:
            return lambda request, values: request.method.upper().encode()
        return lambda request, values: request.method.encode()
    if isinstance(part, Path):
        return lambda request, values: request.path.encode()
    if isinstance(part, Query):
        leading = part.leading

        def query(request: SignableRequest, values: Mapping[str, str]) -> bytes:
            text = encode_query(request.query)
            return f"{leading}{text}".encode() if text else b""

        return query
    if isinstance(part, Body):
        return lambda request, values: request.body
    if isinstance(part, Text):
        text = part.value.encode()
        return lambda request, values: text
    if isinstance(part, Param):
        name = part.name
        return lambda request, values: values[name].encode()
    if isinstance(part, SortedParams):
        return lambda request, values: _sorted_params(part, request)
    inner = tuple(_compile_part(p) for p in part.parts)
    separator = part.separator.encode()
    digest: Callable[[bytes], Any] = getattr(hashlib, part.algorithm)  # sha256/384/512 (validated)
    encoding = part.encoding

    def hashed(request: SignableRequest, values: Mapping[str, str]) -> bytes:
        raw: bytes = digest(separator.join([render(request, values) for render in inner])).digest()
        if encoding == "hex":
            return raw.hex().encode()
        if encoding == "base64":
            return encode_signature(raw, "base64").encode()
        return raw

    return hashed


def _sorted_params(part: SortedParams, request: SignableRequest) -> bytes:
    merged: dict[str, object] = dict(request.query)
    merged.update(_body_params(request))
    if not merged:
        return b""
    pairs = part.joiner.join(
        part.pair.format(key=key, value=_param_text(merged[key])) for key in sorted(merged)
    )
    return f"{part.leading}{pairs}".encode()


def _renderer(template: str) -> Callable[[Mapping[str, str]], str]:
    """Renders a placement's template: a lone ``{name}`` is a look-up, anything else
    ``str.format_map`` (every value is text, so both give the same string)."""
    fields = _fields(template)
    if len(fields) == 1 and template == "{" + fields[0] + "}":
        return operator.itemgetter(fields[0])
    return template.format_map


def _place(request: SignableRequest, placement: Placement, value: str) -> None:
    name = placement.name
    if placement.location == "header":
        request.headers[name] = value
    elif placement.location == "query":
        if placement.first:
            request.query.insert(0, (name, value))
        else:
            request.query.append((name, value))
    elif placement.location == "form":
        pair = f"{_quote(name)}={_quote(value)}".encode()
        if not request.body:
            request.body = pair
        elif placement.first:
            request.body = pair + b"&" + request.body
        else:
            request.body = request.body + b"&" + pair
        _add_body_param(request, name, value, placement.first)
    else:
        request.body = _json_with(request.body, name, value, placement.first)
        _add_body_param(request, name, value, placement.first)


def _add_body_param(request: SignableRequest, name: str, value: str, first: bool) -> None:
    if request.body_params is None:
        return
    if first:
        request.body_params = {name: value, **request.body_params}
    else:
        request.body_params[name] = value


def _json_with(body: bytes, name: str, value: str, first: bool) -> bytes:
    """``body`` (a JSON object) with one more string field, every other byte unchanged,
    so that numbers keep the exact text the caller wrote."""
    member = f"{json.dumps(name)}:{json.dumps(value)}".encode()
    text = body.strip()
    if not text:
        return b"{" + member + b"}"
    if not (text.startswith(b"{") and text.endswith(b"}")):
        raise ValueError("a json placement needs a JSON-object body")
    inner = text[1:-1].strip()
    if not inner:
        return b"{" + member + b"}"
    if first:
        return b"{" + member + b"," + inner + b"}"
    return b"{" + inner + b"," + member + b"}"
