"""Stage 2's output: the small typed model of a venue that the renderers consume.

Everything here is already decided (Python names, types, wire names); templates only
print it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Server",
    "Credential",
    "Auth",
    "ErrorSpec",
    "Parameter",
    "Envelope",
    "Pagination",
    "Operation",
    "Venue",
]


_LIMIT_KEYS = {
    "minimum": "minimum",
    "maximum": "maximum",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
}


@dataclass(frozen=True)
class Server:
    name: str
    description: str
    http: str | None
    websocket: str | None
    variables: dict[str, dict[str, str]]


@dataclass(frozen=True)
class Credential:
    name: str
    description: str
    secret: bool
    callable: bool


@dataclass(frozen=True)
class Auth:
    scheme: str
    runtime_class: str
    credentials: tuple[Credential, ...]
    settings: dict[str, Any]


@dataclass(frozen=True)
class ErrorSpec:
    error: str
    code: str
    message: str
    data: str | None
    authentication_codes: tuple[str, ...]
    authentication_statuses: tuple[int, ...]
    rate_limit_codes: tuple[str, ...]
    rate_limit_statuses: tuple[int, ...]
    schema: dict[str, Any] | None


@dataclass(frozen=True)
class Parameter:
    wire_name: str
    py_name: str
    location: str
    required: bool
    description: str
    schema: dict[str, Any]
    kind: str
    py_type: str
    default: Any
    enum: tuple[Any, ...] | None

    @property
    def limits(self) -> dict[str, Any]:
        """The limits the runtime checks before sending, as ``Param`` keyword arguments."""
        return {py: self.schema[key] for key, py in _LIMIT_KEYS.items() if key in self.schema}

    @property
    def runtime_kwargs(self) -> dict[str, Any]:
        """``Param`` keyword arguments that differ from the defaults."""
        kwargs: dict[str, Any] = {"required": True} if self.required else {}
        return kwargs | self.limits

    @property
    def doc(self) -> str:
        """The description followed by the documented values, limits and default."""
        facts = []
        if self.enum:
            facts.append("One of " + ", ".join(repr(v) for v in self.enum) + ".")
        lo, hi = self.schema.get("minimum"), self.schema.get("maximum")
        if lo is not None and hi is not None:
            facts.append(f"From {lo} to {hi}.")
        elif lo is not None:
            facts.append(f"At least {lo}.")
        elif hi is not None:
            facts.append(f"At most {hi}.")
        if self.default is not None:
            facts.append(f"The venue's default: {self.default!r}.")
        return " ".join([self.description.strip(), *facts])


@dataclass(frozen=True)
class Envelope:
    payload: str
    success_pointer: str | None
    success_equals: Any

    @property
    def runtime_kwargs(self) -> dict[str, Any]:
        """The runtime ``Envelope`` keyword arguments that differ from the defaults."""
        kwargs: dict[str, Any] = {"payload": self.payload} if self.payload else {}
        if self.success_pointer is not None:
            kwargs |= {"success_pointer": self.success_pointer, "success_equals": self.success_equals}
        return kwargs


@dataclass(frozen=True)
class Pagination:
    kind: str
    iterator: str | None = None
    page_param: str | None = None
    page_size_param: str | None = None
    limit_param: str | None = None
    offset_param: str | None = None
    items: str = ""
    total_pages: str | None = None

    @property
    def runtime_kwargs(self) -> dict[str, Any]:
        """The runtime ``Pagination`` keyword arguments that differ from the defaults."""
        defaults = Pagination(kind="none")
        return {
            name: getattr(self, name)
            for name in (
                "kind",
                "page_param",
                "page_size_param",
                "limit_param",
                "offset_param",
                "items",
                "total_pages",
            )
            if getattr(self, name) != getattr(defaults, name)
        }


@dataclass(frozen=True)
class Operation:
    id: str
    py_name: str
    constant: str
    summary: str
    description: str
    docs: str
    transport: str
    binding: dict[str, Any]
    http_method: str | None
    http_path: str | None
    websocket_path: str | None
    method: str | None
    fixed_params: dict[str, Any]
    auth_options: dict[str, str]
    retry_safe: bool
    parameters: tuple[Parameter, ...]
    envelope: Envelope
    response_model: str
    response_is_list: bool
    response_schema: dict[str, Any]
    pagination: Pagination

    @property
    def binding_kwargs(self) -> dict[str, Any]:
        """The runtime ``Operation`` transport fields this operation sets."""
        fields = {
            "http_method": self.http_method,
            "http_path": self.http_path,
            "websocket_path": self.websocket_path,
            "method": self.method,
            "fixed_params": self.fixed_params or None,
            "auth_options": self.auth_options or None,
        }
        return {name: value for name, value in fields.items() if value is not None}

    @property
    def return_type(self) -> str:
        return f"list[{self.response_model}]" if self.response_is_list else self.response_model


@dataclass(frozen=True)
class Venue:
    id: str
    title: str
    class_prefix: str
    description: str
    docs: str
    source: Path
    servers: tuple[Server, ...]
    auth: Auth
    errors: ErrorSpec
    operations: tuple[Operation, ...]
    schemas: dict[str, Any] = field(default_factory=dict)

    @property
    def default_server(self) -> Server:
        return self.servers[0]
