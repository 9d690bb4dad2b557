"""Stage 2's output: the small typed model of a venue that the renderers consume.

Everything here is already decided (Python names, types, wire names); templates only
print it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .naming import safe_identifier, snake_case

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


_SCHEMA_REF = "#/components/schemas/"

_WEBSOCKET_MODULES = {
    "jsonrpc": "websocket_jsonrpc",
    "websocket_request": "websocket_request",
    "signalr_stream": "websocket_signalr",
}
#: The generated module serving each WebSocket transport.
WEBSOCKET_MODULES = _WEBSOCKET_MODULES

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
    #: Constant headers of every HTTP request to this server.
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Credential:
    name: str
    description: str
    secret: bool
    callable: bool

    @property
    def py_type(self) -> str:
        """The constructor argument's type: a token function may stand for a callable one."""
        if self.callable:
            return "TokenSource"
        return "str | Secret" if self.secret else "str"


@dataclass(frozen=True)
class Auth:
    scheme: str
    runtime_class: str
    credentials: tuple[Credential, ...]
    settings: dict[str, Any]
    #: The declared signing recipe (a ``SignatureRecipe``) when ``scheme`` is ``recipe``.
    recipe: Any = None
    #: (RecipeAuth argument, credential) for each credential role.
    roles: tuple[tuple[str, str], ...] = ()
    #: A recipe's WebSocket login: (JSON-RPC method, ((param, template), ...)).
    websocket_login: tuple[str, tuple[tuple[str, str], ...]] | None = None

    @property
    def login_method(self) -> str | None:
        """The WebSocket login method, of a recipe or of a preset's settings."""
        if self.websocket_login is not None:
            return self.websocket_login[0]
        login = self.settings.get("websocket_login")
        return str(login["method"]) if isinstance(login, dict) else None

    @property
    def websocket_handshake(self) -> str:
        """What a WebSocket connection sends before its first call, for docstrings."""
        if self.login_method is not None:
            return f"logs in with ``{self.login_method}``"
        connection = self.settings.get("connection_auth")
        if isinstance(connection, dict):
            return f"sends its ``{connection['method']}`` message"
        return "sends no auth message"

    @property
    def recipe_source(self) -> str:
        """The recipe as constructor calls of the runtime's signing classes."""
        from .signing_source import recipe_source

        return recipe_source(self.recipe)


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
    retry_after_pattern: str | None
    retry_after_unit: float
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
    #: The previous wire name (``renamed_from``): the old keyword stays accepted, deprecated.
    renamed_from: str | None = None
    #: How a list is sent (``comma`` or ``repeated``), for ``array`` parameters.
    style: str = "comma"

    @property
    def deprecated_py_name(self) -> str | None:
        """The old keyword argument a rename keeps for one spec version."""
        return safe_identifier(snake_case(self.renamed_from)) if self.renamed_from else None

    @property
    def item_schema(self) -> dict[str, Any]:
        """The schema of each value: the items' of an array, else the parameter's own."""
        items: dict[str, Any] = self.schema.get("items", {})
        return items if self.kind == "array" else self.schema

    @property
    def limits(self) -> dict[str, Any]:
        """The limits the runtime checks before sending, as ``Param`` keyword arguments."""
        schema = self.item_schema
        return {py: schema[key] for key, py in _LIMIT_KEYS.items() if key in schema}

    @property
    def runtime_kwargs(self) -> dict[str, Any]:
        """``Param`` keyword arguments that differ from the defaults."""
        kwargs: dict[str, Any] = {"required": True} if self.required else {}
        if self.kind == "array":
            kwargs["items"] = self.item_schema["type"]
            if self.style != "comma":
                kwargs["style"] = self.style
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
    keyed_by: str | None = None

    @property
    def runtime_kwargs(self) -> dict[str, Any]:
        """The runtime ``Envelope`` keyword arguments that differ from the defaults."""
        kwargs: dict[str, Any] = {"payload": self.payload} if self.payload else {}
        if self.keyed_by is not None:
            kwargs["keyed_by"] = self.keyed_by
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
    cursor_param: str | None = None
    next_cursor: str | None = None
    cursor_item_field: str | None = None
    has_more: str | None = None
    cursor_encoded: bool = False

    @property
    def description(self) -> str:
        """How the page iterator walks the pages, for its docstring."""
        if self.kind == "page_number":
            end = (
                f"up to the number of pages the reply reports (``{self.total_pages}``)"
                if self.total_pages
                else "until a page comes back empty or repeats the previous one"
            )
            return (
                f"Requests page 1, 2, ... (``{self.page_param}``) {end}; a page past the end, "
                "which some venues answer with the last page again, never repeats an item."
            )
        if self.kind == "limit_offset":
            return (
                f"Requests ``{self.limit_param}`` items at a time from ``{self.offset_param}`` 0 "
                f"on (``{self.limit_param}`` defaults to its maximum) until a page comes back "
                "short."
            )
        if self.kind == "cursor":
            source = f"``{self.next_cursor}`` of each reply" if self.next_cursor else f"the last item's ``{self.cursor_item_field}``"
            stops = ["an empty page", "an empty cursor"]
            if self.has_more:
                stops.append(f"``{self.has_more}`` false")
            if self.limit_param:
                stops.append(f"a page shorter than ``{self.limit_param}``")
            return (
                f"Sends ``{self.cursor_param}`` back, exactly as received, from {source}, until "
                + ", ".join(stops) + " or a cursor already sent."
            )
        return "Every page."

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
                "cursor_param",
                "next_cursor",
                "cursor_item_field",
                "has_more",
                "cursor_encoded",
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
    #: Constant query parameters (wire name, text) and headers of every call.
    fixed_query: tuple[tuple[str, str], ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    body_encoding: str = "json"

    @property
    def binding_kwargs(self) -> dict[str, Any]:
        """The runtime ``Operation`` transport fields this operation sets."""
        fields = {
            "http_method": self.http_method,
            "http_path": self.http_path,
            "websocket_path": self.websocket_path,
            "method": self.method,
            "fixed_params": self.fixed_params or None,
            "fixed_query": self.fixed_query or None,
            "headers": self.headers or None,
            "body_encoding": self.body_encoding if self.body_encoding != "json" else None,
            "auth_options": self.auth_options or None,
        }
        return {name: value for name, value in fields.items() if value is not None}

    @property
    def return_type(self) -> str:
        return f"list[{self.response_model}]" if self.response_is_list else self.response_model

    @property
    def iterator_parameters(self) -> tuple[Parameter, ...]:
        """The parameters of the page iterator: all but the page number or offset it drives."""
        driven = {self.pagination.page_param, self.pagination.offset_param, self.pagination.cursor_param} - {None}
        return tuple(p for p in self.parameters if p.wire_name not in driven)

    @property
    def out_of_range_arguments(self) -> list[dict[str, Any]]:
        """One argument just outside each stated numeric limit, for tests that expect the
        client to refuse it before sending."""
        cases: list[dict[str, Any]] = []
        for param in self.parameters:
            if "minimum" in param.schema:
                cases.append({param.py_name: param.schema["minimum"] - 1})
            if "maximum" in param.schema:
                cases.append({param.py_name: param.schema["maximum"] + 1})
        return cases

    @property
    def first_snapshot_method(self) -> str:
        """The one-shot method of a snapshot stream: ``stream_x`` -> ``get_x``."""
        return "get_" + self.py_name.removeprefix("stream_")

    @property
    def items_attribute(self) -> str:
        """Python attribute access from a page to its items (``.orders``; ``""`` for the page)."""
        tokens = [t for t in self.pagination.items.split("/") if t]
        return "".join(f".{snake_case(t)}" for t in tokens)


@dataclass(frozen=True)
class UnifiedField:
    """One keyword argument of the generated ``OpenOrder(...)`` call."""

    name: str
    expression: str


@dataclass(frozen=True)
class Listing:
    """A further operation a unified view lists (``unified.operations`` past the first)."""

    operation: Operation
    #: The client method called: the page iterator, the snapshot or the operation itself.
    method: str
    is_iterator: bool
    #: From the reply to its orders (``.orders``), for a method that is not an iterator.
    items_attribute: str
    #: Each keyword of the call and its Python expression (a constant or the caller's argument).
    arguments: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Unified:
    """How the venue's orders become unified ``OpenOrder``s (all expressions precomputed)."""

    operation: Operation
    order_model: str
    order_id_expression: str
    market_expression: str
    market_patterns: tuple[tuple[str, str | None, str | None], ...]
    market_types: dict[str, str]
    tables: dict[str, dict[str, Any]]
    fields: tuple[UnifiedField, ...]
    symbol_filter: str | None
    #: The venue's id (named in the errors fetch_open_orders raises).
    venue: str = ""
    #: Arguments fetch_open_orders always sends (Python name -> value), from ``parameters:``.
    fixed_arguments: dict[str, Any] = field(default_factory=dict)
    #: The one argument asked in turn with each of its values (Python name, values), if any.
    varied_argument: tuple[str, tuple[Any, ...]] | None = None
    #: (wire name, Python name, value) of the argument capping an unpaged reply, if declared.
    truncation: tuple[str, str, int] | None = None
    #: Further operations whose orders join the first one's (``unified.operations``).
    also: tuple[Listing, ...] = ()

    @property
    def typed_tables(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Each value table as (constant name, value type, table)."""
        return [
            (name, "bool" if all(isinstance(v, bool) for v in table.values()) else "str", table)
            for name, table in self.tables.items()
        ]

    @property
    def uses_iterator(self) -> bool:
        return self.operation.pagination.iterator is not None

    @property
    def listing_method(self) -> str:
        """The client method that lists every open order: the page iterator, the one-shot
        snapshot of a stream, or the operation itself."""
        if self.operation.pagination.iterator is not None:
            return self.operation.pagination.iterator
        if self.operation.pagination.kind == "snapshots":
            return self.operation.first_snapshot_method
        return self.operation.py_name

    @property
    def listing_is_iterator(self) -> bool:
        return self.operation.pagination.iterator is not None

    @property
    def _listing_parameters(self) -> tuple[Parameter, ...]:
        if self.uses_iterator:
            return self.operation.iterator_parameters
        return self.operation.parameters

    @property
    def fetch_parameters(self) -> tuple[Parameter, ...]:
        """What ``fetch_open_orders`` takes: the listing's parameters but its page controls
        and those the spec fixes (``unified.parameters``)."""
        fixed = set(self.fixed_arguments)
        if self.varied_argument is not None:
            fixed.add(self.varied_argument[0])
        return tuple(p for p in self._listing_parameters if p.py_name not in fixed)

    @property
    def parameters_summary(self) -> str:
        """The constant arguments, for the docstring."""
        parts = [f"``{name}={value!r}``" for name, value in self.fixed_arguments.items()]
        if self.varied_argument is not None:
            name, values = self.varied_argument
            parts.append(f"one listing per ``{name}`` in ``{values!r}``")
        return "; ".join(parts)

    @property
    def listing_arguments(self) -> list[tuple[str, str]]:
        """Each keyword of the listing call and its Python expression: the caller's argument,
        the spec's constant, or the loop variable of the varied argument."""
        result = []
        for p in self._listing_parameters:
            if p.py_name in self.fixed_arguments:
                result.append((p.py_name, repr(self.fixed_arguments[p.py_name])))
            else:
                result.append((p.py_name, p.py_name))
        return result


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
    unified: Unified | None = None
    #: The spec's own version (``venue.version``), "" when the spec states none.
    version: str = ""

    @property
    def default_server(self) -> Server:
        return self.servers[0]

    @property
    def server_variables(self) -> list[tuple[str, str]]:
        """Every server URL variable (such as a per-broker host) and its description."""
        seen: dict[str, str] = {}
        for server in self.servers:
            for name, variable in server.variables.items():
                seen.setdefault(name, variable["description"])
        return list(seen.items())

    @property
    def has_renamed_parameters(self) -> bool:
        """Whether a parameter keeps a deprecated old name (``renamed_from``)."""
        return any(p.renamed_from for op in self.operations for p in op.parameters)

    @property
    def has_http(self) -> bool:
        return any(op.http_path is not None for op in self.operations)

    def client_name(self, module: str) -> str:
        """The (sync) client class of a generated module; its async twin adds ``Async``.
        WebSocket clients take the plain name unless the venue also has an HTTP client."""
        suffix = {
            "client": "Client",
            "websocket_jsonrpc": "WebSocketClient",
            "websocket_request": "WebSocketClient" if self.has_http else "Client",
            "websocket_signalr": "StreamClient" if self.has_http else "Client",
        }[module]
        return self.class_prefix + suffix

    @property
    def unified_clients(self) -> tuple[str | None, str, str]:
        """The module and the (sync, async) classes whose ``fetch_open_orders`` serves the
        unified view; HTTP when the listing operation has it. SignalR clients are async only."""
        assert self.unified is not None
        op = self.unified.operation
        module = "client" if op.http_path is not None else _WEBSOCKET_MODULES[op.transport]
        name = self.client_name(module)
        return (None if module == "websocket_signalr" else name), "Async" + name, module

    def page_item_model(self, op: Operation) -> str:
        """The model of one item of ``op``'s pages (following ``pagination.items``)."""
        if not op.pagination.items:
            return op.response_model
        schema: dict[str, Any] = {"$ref": _SCHEMA_REF + op.response_model}
        for token in filter(None, op.pagination.items.split("/")):
            schema = self._deref(schema)["properties"][token]
        items = self._deref(schema)["items"]
        return str(items["$ref"]).removeprefix(_SCHEMA_REF)

    def _deref(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema and str(schema["$ref"]).startswith(_SCHEMA_REF):
            schema = self.schemas[str(schema["$ref"]).removeprefix(_SCHEMA_REF)]
        return schema

    def models_for(self, operations: list[Operation]) -> list[str]:
        """The models a module with ``operations`` and their page iterators uses, sorted."""
        names = {op.response_model for op in operations}
        names |= {self.page_item_model(op) for op in operations if op.pagination.iterator}
        return sorted(names)
