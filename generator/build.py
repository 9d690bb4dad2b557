"""Stage 2: turn a validated spec into the typed intermediate model, checking what the
format's JSON Schema cannot (references, name collisions, consistency between parts)."""

from __future__ import annotations

import dataclasses
import keyword
import re
import string
from collections.abc import Callable
from typing import Any

import jsonschema

from . import ir
from .load import LoadedSpec
from .naming import pascal_case, safe_identifier, snake_case
from .problems import SpecProblem
from .runtime import signing
from .runtime.signing import NONE, PRIMITIVES, SignatureRecipe, parse_recipe
from .runtime.signing.validate import named_values, template_fields
from .runtime.unified import UNIFIED_FIELDS

__all__ = ["build_venue", "check_invalid_spec", "AUTH_RUNTIME_CLASSES"]

#: Checks a payload schema against JSON Schema 2020-12's own meta-schema.
_SCHEMA_CHECKER = jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)

#: The runtime class that implements each auth scheme a spec may name: a declared signing
#: recipe (``auth.signing``, or ``auth: none``), or one of the named presets whose scheme a
#: recipe cannot express (secp256k1 signatures over typed data, a token fetched per
#: connection).
AUTH_RUNTIME_CLASSES = {
    "recipe": "RecipeAuth",
    "eip712_action": "Eip712ActionAuth",
    "access_token_query": "AccessTokenQueryAuth",
}

#: The transports each auth scheme can authenticate: a recipe signs an HTTP request, so it
#: has nothing to sign on a WebSocket frame or a SignalR connection.
AUTH_TRANSPORTS = {
    "recipe": frozenset({"http", "jsonrpc/http"}),
    "eip712_action": frozenset({"websocket_request"}),
    "access_token_query": frozenset({"signalr_stream"}),
}

#: Recipe parts that sign the HTTP request itself.
_REQUEST_PARTS = (signing.Method, signing.Path, signing.Query, signing.Body, signing.SortedParams)

#: The RecipeAuth argument each credential role fills.
CREDENTIAL_ROLES = ("api_key", "secret", "passphrase")
#: Attributes every generated client has already: an operation may not take their name.
_CLIENT_ATTRIBUTES = frozenset(
    {"close", "aclose", "connect", "base_url", "timeout", "retry_policy", "with_options"}
)

#: How a copied value is converted, by unified field (text for the rest).
_CONVERTERS = {
    **dict.fromkeys(("price", "amount", "filled", "remaining", "average_price", "trigger_price"), "decimal"),
    **dict.fromkeys(("reduce_only", "post_only"), "flag"),
    **dict.fromkeys(("created_at", "updated_at"), "time"),
}
#: The values a mapped unified field may take.
_UNIFIED_VALUES: dict[str, frozenset[Any]] = {
    "side": frozenset({"buy", "sell"}),
    "status": frozenset(
        {"open", "partially_filled", "pending", "untriggered", "triggered", "filled", "cancelled", "expired", "rejected"}
    ),
    "type": frozenset({"limit", "market", "stop_limit", "stop_market"}),
    "time_in_force": frozenset({"gtc", "ioc", "fok", "gtd", "day"}),
    "reduce_only": frozenset({True, False}),
    "post_only": frozenset({True, False}),
}

#: Keywords of every generated fetch_open_orders besides the listing's parameters.
_FETCH_KEYWORDS = ("include_closed", "allow_truncated")

_PY_TYPES = {"string": "str", "integer": "int", "number": "Decimal", "boolean": "bool"}
_REF_PREFIX = "#/components/schemas/"
#: Names a generated method already uses for itself.
_RESERVED_ARGUMENTS = frozenset({"self", "cls"})


class _Builder:
    def __init__(self, spec: LoadedSpec) -> None:
        self.spec = spec
        self.data: dict[str, Any] = spec.data
        self.problems: list[SpecProblem] = []
        components = self.data.get("components") if isinstance(self.data, dict) else None
        schemas = components.get("schemas") if isinstance(components, dict) else None
        self.schemas: dict[str, Any] = schemas if isinstance(schemas, dict) else {}

    def fail(self, pointer: str, message: str) -> None:
        self.problems.append(self.spec.problem(pointer, message))

    # -- references ---------------------------------------------------------------------

    def check_refs(self, node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                name = ref.removeprefix(_REF_PREFIX)
                if not ref.startswith(_REF_PREFIX) or name not in self.schemas:
                    self.fail(f"{pointer}/$ref", f"unresolved reference {ref!r}")
            for key, value in node.items():
                if key not in ("enum", "const", "default", "examples"):
                    self.check_refs(value, f"{pointer}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                self.check_refs(value, f"{pointer}/{index}")

    def check_schemas(self) -> None:
        for name, schema in self.schemas.items():
            pointer = f"/components/schemas/{name}"
            # Every violation, not only the first (check_schema raises one).
            for error in _SCHEMA_CHECKER.iter_errors(schema):
                where = "".join(f"/{p}" for p in error.absolute_path)
                self.fail(pointer + where, f"not a valid JSON Schema: {error.message}")
            self.check_refs(schema, pointer)

    def check_what_loaded(self) -> None:
        """The checks that stand on their own, on a spec the format schema already refused,
        so that one run reports every problem: each part is checked as far as its shape
        allows (a part too malformed to check was reported by the format schema)."""
        steps: list[Callable[[], object]] = [self.check_schemas, self.servers, self.auth, self.errors]
        for step in steps:
            _as_far_as_possible(step)
        servers = _as_far_as_possible(self.servers) or ()
        operations = self.data.get("operations") if isinstance(self.data, dict) else None
        for index, raw in enumerate(operations if isinstance(operations, list) else []):
            _as_far_as_possible(lambda: self.operation(raw, f"/operations/{index}", servers))  # noqa: B023

    # -- parts --------------------------------------------------------------------------

    def servers(self) -> tuple[ir.Server, ...]:
        seen: set[str] = set()
        servers = []
        for index, raw in enumerate(self.data["servers"]):
            if raw["name"] in seen:
                self.fail(f"/servers/{index}/name", f"duplicate server name {raw['name']!r}")
            seen.add(raw["name"])
            servers.append(
                ir.Server(
                    name=raw["name"],
                    description=raw.get("description", ""),
                    http=raw.get("http"),
                    websocket=raw.get("websocket"),
                    variables=raw.get("variables", {}),
                    headers=dict(raw.get("headers", {})),
                )
            )
        return tuple(servers)

    def auth(self) -> ir.Auth:
        raw = self.data["auth"]
        if raw == "none":
            recipe = SignatureRecipe(primitive=NONE, placements=())
            return ir.Auth(scheme="recipe", runtime_class="RecipeAuth", credentials=(), settings={}, recipe=recipe)
        credentials = []
        seen: set[str] = set()
        roles: dict[str, str] = {}
        for index, cred in enumerate(raw["credentials"]):
            if cred["name"] in seen or cred["name"] in _RESERVED_ARGUMENTS:
                self.fail(f"/auth/credentials/{index}/name", f"duplicate credential {cred['name']!r}")
            seen.add(cred["name"])
            name = safe_identifier(cred["name"])
            role = cred.get("role")
            if role is not None:
                if role in roles:
                    self.fail(f"/auth/credentials/{index}/role", f"the role {role!r} is already {roles[role]!r}'s")
                roles[role] = name
            elif "signing" in raw:
                self.fail(
                    f"/auth/credentials/{index}",
                    f"a credential of a signing recipe needs a role ({', '.join(CREDENTIAL_ROLES)})",
                )
            credentials.append(
                ir.Credential(
                    name=name,
                    description=cred["description"],
                    secret=cred.get("secret", False),
                    callable=cred.get("callable", False),
                )
            )
        if "signing" not in raw:
            self.check_credential_sources(raw["settings"], "/auth/settings", seen)
            return ir.Auth(
                scheme=raw["scheme"],
                runtime_class=AUTH_RUNTIME_CLASSES[raw["scheme"]],
                credentials=tuple(credentials),
                settings=raw["settings"],
            )
        recipe, problems = parse_recipe(raw["signing"], "signing")
        for where, what in problems:
            self.fail(_recipe_pointer(where), what)
        login = raw.get("websocket_login")
        if recipe is not None:
            self.check_recipe_credentials(recipe, roles)
            if login is not None:
                self.check_websocket_login(recipe, login)
        return ir.Auth(
            scheme="recipe",
            runtime_class="RecipeAuth",
            credentials=tuple(credentials),
            settings={},
            recipe=recipe,
            roles=tuple(sorted(roles.items())),
            websocket_login=(login["method"], tuple(login["params"].items())) if login else None,
        )

    def check_websocket_login(self, recipe: SignatureRecipe, login: dict[str, Any]) -> None:
        """A login signs no request (there is none): the recipe's message may only hold
        values, and the login's templates only name values the recipe makes."""
        values = named_values(recipe) - {"secret", "passphrase", "jwt"}
        for index, part in enumerate(recipe.message):
            if isinstance(part, _REQUEST_PARTS):
                self.fail(
                    f"/auth/signing/message/{index}",
                    f"a recipe with a websocket_login cannot sign the request's {type(part).__name__.lower()}: a login has no request",
                )
        for name, template in login["params"].items():
            fields = template_fields(template)
            if isinstance(fields, str):
                self.fail(f"/auth/websocket_login/params/{name}", fields)
                continue
            for field in fields:
                if field not in values:
                    self.fail(f"/auth/websocket_login/params/{name}", f"unknown value {{{field}}}")

    def check_recipe_credentials(self, recipe: SignatureRecipe, roles: dict[str, str]) -> None:
        """Each credential the recipe uses has a credential in that role, and each role
        given is used (a secret the recipe never reads would be asked for in vain)."""
        used = {name for p in recipe.placements for name in _template_names(p.value)}
        needs = {
            "api_key": "api_key" in used or any(
                isinstance(part, signing.Param) and part.name == "api_key" for part in recipe.message
            ),
            "secret": (
                recipe.jwt is not None
                or "secret" in used
                or (recipe.primitive != NONE and PRIMITIVES.get(recipe.primitive) is not None
                    and PRIMITIVES[recipe.primitive].keyed)
                or (recipe.passphrase is not None and recipe.passphrase.mode == "signed")
            ),
            "passphrase": recipe.passphrase is not None,
        }
        for role, needed in needs.items():
            if needed and role not in roles:
                self.fail("/auth/credentials", f"the signing recipe needs a credential with role {role!r}")
            if not needed and role in roles:
                self.fail("/auth/credentials", f"the signing recipe never uses the {role!r} credential ({roles[role]!r})")

    def check_credential_sources(self, node: Any, pointer: str, credentials: set[str]) -> None:
        """Every value source in the auth settings ({credential: name}) names a credential."""
        if isinstance(node, dict):
            name = node.get("credential")
            if isinstance(name, str) and name not in credentials:
                self.fail(f"{pointer}/credential", f"no credential named {name!r}")
            for key, value in node.items():
                self.check_credential_sources(value, f"{pointer}/{key}", credentials)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                self.check_credential_sources(value, f"{pointer}/{index}", credentials)

    def check_operation_auth(self, raw: dict[str, Any], pointer: str, transport: str, binding: dict[str, Any]) -> None:
        """The venue's auth scheme can authenticate this operation's transport, and the
        operation gives exactly the per-operation values the scheme asks for."""
        raw_auth = self.data["auth"]
        recipe = raw_auth == "none" or (isinstance(raw_auth, dict) and "signing" in raw_auth)
        scheme = "recipe" if recipe else raw_auth["scheme"]
        supported = AUTH_TRANSPORTS[scheme]
        if recipe and isinstance(raw_auth, dict) and "websocket_login" in raw_auth:
            supported = supported | {"jsonrpc/websocket"}
        kinds = [f"jsonrpc/{over}" for over in binding.get("over", [])] if transport == "jsonrpc" else [transport]
        for kind in kinds:
            if kind not in supported:
                what = "a signing recipe signs HTTP requests: it" if recipe else f"the {scheme} scheme"
                hint = "; a websocket_login adds jsonrpc over websocket" if recipe else ""
                self.fail(
                    f"{pointer}/transport",
                    f"{what} cannot authenticate a {kind.replace('/', ' over ')} operation "
                    f"(it supports: {', '.join(sorted(supported))}{hint})",
                )
        if not recipe:
            return
        given = raw.get("auth", {})
        wanted = []
        if isinstance(raw_auth, dict) and isinstance(raw_auth["signing"], dict):
            wanted = raw_auth["signing"].get("operation_params", [])
        for name in wanted if isinstance(wanted, list) else []:
            if name not in given:
                self.fail(f"{pointer}/auth", f"the signing recipe needs {name!r} from every operation (auth.{name})")
        for name in given:
            if name not in wanted:
                self.fail(f"{pointer}/auth/{name}", f"the signing recipe takes no per-operation value {name!r}")

    def check_request_shape(
        self, transport: str, binding: dict[str, Any], parameters: list[ir.Parameter], pointer: str
    ) -> None:
        """Where each parameter goes fits the transport: every {placeholder} of an HTTP path
        is a path parameter and every path parameter has its placeholder; a body is JSON or
        form-encoded, never both; a constant query parameter is not also a parameter."""
        where = {p.wire_name: (index, p.location) for index, p in enumerate(parameters)}
        http_only = {"path", "form"}
        if transport != "http":
            for index, location in where.values():
                if location in http_only:
                    self.fail(f"{pointer}/parameters/{index}/in", f"{location!r} parameters need an http operation")
            return
        path = binding["path"]
        try:
            fields = [name for _, name, _, _ in string.Formatter().parse(path) if name is not None]
        except ValueError as exc:
            self.fail(f"{pointer}/http/path", f"not a valid path template: {exc}")
            return
        for name in fields:
            if not name or name not in where or where[name][1] != "path":
                self.fail(f"{pointer}/http/path", f"{{{name}}} is not a parameter with in: path")
        for name, (index, location) in where.items():
            if location == "path" and name not in fields:
                self.fail(f"{pointer}/parameters/{index}/in", f"the path {path!r} has no {{{name}}}")
            if location in ("params", "argument"):
                self.fail(f"{pointer}/parameters/{index}/in", f"{location!r} parameters need a jsonrpc or signalr operation")
        locations = {location for _, location in where.values()}
        encoding = binding.get("body_encoding", "json")
        if "form" in locations and "body" in locations and encoding == "json":
            self.fail(f"{pointer}/parameters", "a body is JSON or form-encoded: use in: form or in: body, not both")
        if binding["method"] == "GET" and locations & {"body", "form"}:
            self.fail(f"{pointer}/parameters", "a GET request has no body: send these parameters in the query")
        for name in binding.get("query", {}):
            if name in where:
                self.fail(f"{pointer}/http/query/{name}", f"{name!r} is also a parameter")

    def check_websocket_settings(self, operations: list[dict[str, Any]]) -> None:
        """One WebSocket client per transport opens one connection: every operation of that
        transport must name the same WebSocket path."""
        first: dict[str, tuple[str, int]] = {}
        for index, raw in enumerate(operations):
            transport = raw.get("transport")
            binding = raw.get(transport, {}) if isinstance(transport, str) else {}
            if not isinstance(binding, dict):
                continue
            key = "websocket_path" if transport == "jsonrpc" else "path"
            if transport not in ("jsonrpc", "websocket_request", "signalr_stream") or key not in binding:
                continue
            if transport in first and binding[key] != first[transport][0]:
                path, other = first[transport]
                self.fail(
                    f"/operations/{index}/{transport}/{key}",
                    f"{binding[key]!r} differs from operation {other}'s {path!r}: the "
                    f"{transport} client opens one connection for all its operations",
                )
            first.setdefault(transport, (binding[key], index))

    def errors(self) -> ir.ErrorSpec:
        raw = self.data["errors"]
        envelope = raw["envelope"]
        schema = raw.get("schema")
        if schema is not None:
            self.check_refs(schema, "/errors/schema")
        return ir.ErrorSpec(
            error=envelope["error"],
            code=envelope["code"],
            message=envelope["message"],
            data=envelope.get("data"),
            authentication_codes=tuple(str(c) for c in raw.get("authentication_codes", [])),
            authentication_statuses=tuple(raw.get("authentication_statuses", [])),
            rate_limit_codes=tuple(str(c) for c in raw.get("rate_limit_codes", [])),
            rate_limit_statuses=tuple(raw.get("rate_limit_statuses", [])),
            retry_after_pattern=raw["retry_after"]["message_pattern"] if "retry_after" in raw else None,
            retry_after_unit=0.001 if raw.get("retry_after", {}).get("unit") == "milliseconds" else 1.0,
            schema=schema,
        )

    def scalar_type(self, schema: dict[str, Any], pointer: str) -> str:
        """The Python type of one scalar value (a ``Literal`` for an enum), its limits checked."""
        enum = schema.get("enum")
        if enum is not None:
            kinds = {type(v) for v in enum}
            expected = {"string": {str}, "integer": {int}, "number": {int, float}, "boolean": {bool}}
            if not kinds <= expected[schema["type"]]:
                self.fail(f"{pointer}/enum", f"enum values must all be {schema['type']}s")
            py_type = "Literal[" + ", ".join(repr(v) for v in enum) + "]"
        else:
            py_type = _PY_TYPES[schema["type"]]
        lo, hi = schema.get("minimum"), schema.get("maximum")
        if lo is not None and hi is not None and lo > hi:
            self.fail(pointer, f"minimum {lo} is above maximum {hi}")
        return py_type

    def parameter(self, raw: dict[str, Any], pointer: str) -> ir.Parameter:
        schema = raw["schema"]
        enum = schema.get("enum")
        if schema["type"] == "array":
            py_type = f"list[{self.scalar_type(schema['items'], f'{pointer}/schema/items')}]"
            enum = schema["items"].get("enum")
            if raw["in"] not in ("query", "form", "body", "params"):
                self.fail(f"{pointer}/in", f"a list cannot be sent in {raw['in']!r}")
        else:
            py_type = self.scalar_type(schema, f"{pointer}/schema")
            if "style" in raw:
                self.fail(f"{pointer}/style", "style applies to list (array) parameters only")
        if raw["in"] == "path" and not raw.get("required", False):
            self.fail(f"{pointer}/required", "a path parameter is part of the URL, so it must be required")
        return ir.Parameter(
            wire_name=raw["name"],
            py_name=safe_identifier(snake_case(raw["name"])),
            location=raw["in"],
            required=raw.get("required", False),
            description=raw["description"],
            schema=schema,
            kind=schema["type"],
            py_type=py_type,
            default=schema.get("default"),
            enum=tuple(enum) if enum is not None else None,
            renamed_from=raw.get("renamed_from"),
            style=raw.get("style", "comma"),
        )

    def operation(self, raw: dict[str, Any], pointer: str, servers: tuple[ir.Server, ...]) -> ir.Operation:
        transport = raw["transport"]
        binding: dict[str, Any] = dict(raw.get(transport, {}))
        if transport == "jsonrpc":
            if "http" in binding["over"] and "http_path" not in binding:
                self.fail(f"{pointer}/jsonrpc", "JSON-RPC over http needs http_path")
            if "websocket" in binding["over"] and "websocket_path" not in binding:
                self.fail(f"{pointer}/jsonrpc", "JSON-RPC over websocket needs websocket_path")
        needs_http = transport == "http" or (transport == "jsonrpc" and "http" in binding["over"])
        needs_ws = transport in ("websocket_request", "signalr_stream") or (
            transport == "jsonrpc" and "websocket" in binding["over"]
        )
        if needs_http and not any(s.http for s in servers):
            self.fail(f"{pointer}/transport", "an HTTP operation needs a server with an http URL")
        if needs_ws and not any(s.websocket for s in servers):
            self.fail(f"{pointer}/transport", "a WebSocket operation needs a server with a websocket URL")

        self.check_operation_auth(raw, pointer, transport, binding)

        parameters = []
        py_names: dict[str, int] = {}
        raw_auth = self.data["auth"]
        credential_names = {c["name"] for c in raw_auth["credentials"]} if isinstance(raw_auth, dict) else set()
        for index, raw_param in enumerate(raw["parameters"]):
            param = self.parameter(raw_param, f"{pointer}/parameters/{index}")
            if param.py_name in py_names or param.py_name in _RESERVED_ARGUMENTS:
                self.fail(
                    f"{pointer}/parameters/{index}/name",
                    f"{raw_param['name']!r} becomes the argument {param.py_name!r}, "
                    "which another parameter already uses",
                )
            if param.py_name in credential_names:
                self.fail(f"{pointer}/parameters/{index}/name", f"{param.py_name!r} is also a credential")
            py_names[param.py_name] = index
            parameters.append(param)
        for index, param in enumerate(parameters):
            old = param.deprecated_py_name
            if old is None:
                continue
            where = f"{pointer}/parameters/{index}/renamed_from"
            if old in py_names or old in credential_names or old in _RESERVED_ARGUMENTS:
                self.fail(where, f"the old name {old!r} is still in use; a rename keeps it free for the alias")

        self.check_request_shape(transport, binding, parameters, pointer)

        response = raw["response"]
        schema = response["schema"]
        ref = schema["items"]["$ref"] if schema.get("type") == "array" else schema["$ref"]
        model = ref.removeprefix(_REF_PREFIX)
        if model not in self.schemas:
            self.fail(f"{pointer}/response/schema", f"unresolved reference {ref!r}")
        keyed_by = response.get("keyed_by")
        if keyed_by is not None:
            self.check_keyed_by(keyed_by, model, schema, f"{pointer}/response/keyed_by")

        raw_page = raw["pagination"]
        pagination = ir.Pagination(
            kind=raw_page["kind"],
            iterator=raw_page.get("iterator"),
            page_param=raw_page.get("page_param"),
            page_size_param=raw_page.get("page_size_param"),
            limit_param=raw_page.get("limit_param"),
            offset_param=raw_page.get("offset_param"),
            items=raw_page.get("items", ""),
            total_pages=raw_page.get("total_pages"),
            cursor_param=raw_page.get("cursor_param"),
            next_cursor=raw_page.get("next_cursor"),
            cursor_item_field=raw_page.get("cursor_from_item"),
            has_more=raw_page.get("has_more"),
            cursor_encoded=raw_page.get("encoded", False),
        )
        wire_names = {p.wire_name for p in parameters}
        for key in ("page_param", "page_size_param", "limit_param", "offset_param", "cursor_param"):
            if key in raw_page and raw_page[key] not in wire_names:
                self.fail(f"{pointer}/pagination/{key}", f"no parameter named {raw_page[key]!r}")

        envelope = response["envelope"]
        success = envelope.get("success")
        http_method, http_path, websocket_path = None, None, None
        if transport == "http":
            http_method, http_path = binding["method"], binding["path"]
        elif transport == "jsonrpc":
            if "http" in binding["over"]:
                http_method, http_path = "POST", binding.get("http_path")
            if "websocket" in binding["over"]:
                websocket_path = binding.get("websocket_path")
        else:
            websocket_path = binding["path"]
        method = {
            "jsonrpc": binding.get("method"),
            "websocket_request": binding.get("method"),
            "signalr_stream": binding.get("target"),
        }.get(transport)
        name = raw["id"]
        return ir.Operation(
            id=name,
            py_name=safe_identifier(snake_case(name)),
            constant=snake_case(name).upper(),
            summary=raw["summary"],
            description=raw["description"],
            docs=raw["docs"],
            transport=transport,
            binding=binding,
            http_method=http_method,
            http_path=http_path,
            websocket_path=websocket_path,
            method=method,
            fixed_params=binding.get("fixed_params", {}),
            auth_options=raw.get("auth", {}),
            retry_safe=raw["retry_safe"],
            parameters=tuple(parameters),
            envelope=ir.Envelope(
                payload=envelope["payload"],
                success_pointer=success["pointer"] if success else None,
                success_equals=success["equals"] if success else None,
                keyed_by=keyed_by,
            ),
            response_model=model,
            response_is_list=schema.get("type") == "array",
            response_schema=schema,
            pagination=pagination,
            fixed_query=tuple((k, _wire_text(v)) for k, v in binding.get("query", {}).items()),
            headers=dict(binding.get("headers", {})),
            body_encoding=binding.get("body_encoding", "json"),
        )

    def check_paging_pointers(self, venue: ir.Venue, op: ir.Operation, pointer: str) -> None:
        """The pointers of ``pagination`` lead to what they name in the reply's models: items
        to a list of models, the next cursor and the more-pages flag to a field, the item
        field holding the cursor to a property of the item model."""
        rules = op.pagination
        root = {"$ref": _REF_PREFIX + op.response_model}
        if rules.items:
            items = _schema_at(venue, root, rules.items)
            if items is None or items.get("type") != "array" or "$ref" not in items.get("items", {}):
                self.fail(f"{pointer}/items", f"{rules.items!r} is not a list of models in {op.response_model}")
                return
        for key, value in (("next_cursor", rules.next_cursor), ("has_more", rules.has_more), ("total_pages", rules.total_pages)):
            if value is not None and _schema_at(venue, root, value) is None:
                self.fail(f"{pointer}/{key}", f"{op.response_model} has no field at {value!r}")
        if rules.cursor_item_field is not None:
            item = venue.page_item_model(op)
            if rules.cursor_item_field not in venue._deref({"$ref": _REF_PREFIX + item}).get("properties", {}):
                self.fail(f"{pointer}/cursor_from_item", f"{item} has no field {rules.cursor_item_field!r}")

    def check_keyed_by(self, field: str, model: str, schema: dict[str, Any], pointer: str) -> None:
        """A keyed payload becomes a list of models, each keeping its key in ``field``."""
        if schema.get("type") != "array":
            self.fail(pointer, "keyed_by needs a list as the response schema ({type: array, items: {$ref: ...}})")
            return
        target = self.schemas.get(model)
        while isinstance(target, dict) and isinstance(target.get("$ref"), str):
            target = self.schemas.get(str(target["$ref"]).removeprefix(_REF_PREFIX))
        properties = target.get("properties", {}) if isinstance(target, dict) else {}
        if field not in properties:
            self.fail(pointer, f"{model} has no property {field!r} to keep the key in; declare it (type: string)")
        elif field in target.get("required", []):
            self.fail(pointer, f"{model}.{field} must not be required: the keyed objects do not carry it")
        elif properties[field].get("type") not in ("string", None) or "$ref" in properties[field]:
            self.fail(pointer, f"{model}.{field} must be a string: keys are text")

    # -- the unified order ----------------------------------------------------------------

    def unified(self, operations: tuple[ir.Operation, ...], venue: ir.Venue) -> ir.Unified | None:
        raw = self.data.get("unified")
        if raw is None:
            return None
        if "operations" in raw:
            named = [(name, f"/unified/operations/{i}") for i, name in enumerate(raw["operations"])]
        else:
            named = [(raw["operation"], "/unified/operation")]
        listed: list[tuple[ir.Operation, str]] = []
        for name, where in named:
            found = next((o for o in operations if o.id == name), None)
            if found is None:
                known = ", ".join(o.id for o in operations)
                self.fail(where, f"no operation named {name!r} (known: {known})")
            else:
                listed.append((found, where))
        if len(listed) != len(named):
            return None
        op = listed[0][0]
        order_model = venue.page_item_model(op)
        for other, where in listed[1:]:
            if venue.page_item_model(other) != order_model:
                self.fail(where, f"{other.id} lists {venue.page_item_model(other)}, not {order_model} as {op.id} does; one view needs one order model")
        tables: dict[str, dict[str, Any]] = {}
        fields: list[ir.UnifiedField] = []

        def attribute(name: str, pointer: str) -> str:
            return self.field_path(venue, order_model, name, pointer)

        for name in UNIFIED_FIELDS:
            if name in ("market", "market_type"):
                continue
            source = raw["fields"].get(name)
            pointer = f"/unified/fields/{name}"
            if source is None:
                fields.append(ir.UnifiedField(name, "None"))
                continue
            fields.append(ir.UnifiedField(name, self.unified_expression(name, source, pointer, attribute, tables)))

        market = raw["fields"]["market"]
        patterns = []
        for index, entry in enumerate(market["patterns"]):
            pointer = f"/unified/fields/market/patterns/{index}/pattern"
            try:
                groups = set(re.compile(entry["pattern"]).groupindex)
            except re.error as exc:
                self.fail(pointer, f"not a regular expression: {exc}")
                continue
            if "base" not in groups:
                self.fail(pointer, "the pattern needs a (?P<base>...) group")
            if "quote" not in groups and "quote" not in entry:
                self.fail(pointer, "the pattern needs a (?P<quote>...) group or a constant quote")
            if "market_type" not in groups and "market_type" not in entry:
                self.fail(pointer, "the pattern needs a (?P<market_type>...) group or a constant market_type")
            patterns.append((entry["pattern"], entry.get("market_type"), entry.get("quote")))
        symbol_filter = raw.get("symbol_filter")
        if symbol_filter is not None:
            wire = {p.wire_name: p.py_name for p in op.parameters}
            if symbol_filter not in wire:
                self.fail("/unified/symbol_filter", f"{op.id} has no parameter {symbol_filter!r}")
            symbol_filter = wire.get(symbol_filter)
        fixed, varied = self.unified_arguments(raw.get("parameters", {}), [o for o, _ in listed], raw.get("symbol_filter"))
        truncation = self.unified_truncation(raw.get("truncation"), op, fixed, varied)
        if len(listed) > 1 and truncation is not None:
            self.fail("/unified/truncation", "a truncation check needs one listing operation")
        for listing_op, where in listed:
            listing = listing_op.iterator_parameters if listing_op.pagination.iterator is not None else listing_op.parameters
            for name in _FETCH_KEYWORDS:
                if any(p.py_name == name for p in listing):
                    self.fail(where, f"{listing_op.id}'s parameter {name!r} clashes with fetch_open_orders' own keyword")
        result = ir.Unified(
            operation=op,
            order_model=order_model,
            order_id_expression=(
                attribute(raw["fields"]["order_id"]["field"], "/unified/fields/order_id/field")
                if "field" in raw["fields"]["order_id"]
                else "None"
            ),
            market_expression=attribute(market["field"], "/unified/fields/market/field"),
            market_patterns=tuple(patterns),
            market_types={k.lower(): v for k, v in market.get("market_types", {}).items()},
            tables=tables,
            fields=tuple(fields),
            symbol_filter=symbol_filter,
            venue=venue.id,
            fixed_arguments=fixed,
            varied_argument=varied,
            truncation=truncation,
        )
        also = tuple(self.unified_listing(venue, result, other, where, raw) for other, where in listed[1:])
        return dataclasses.replace(result, also=also)

    def unified_listing(
        self, venue: ir.Venue, view: ir.Unified, op: ir.Operation, pointer: str, raw: dict[str, Any]
    ) -> ir.Listing:
        """How fetch_open_orders lists a further operation's orders: on the same client, with
        the spec's constants and the caller's arguments it shares with the first listing."""
        first = view.operation
        module = "client" if first.http_path is not None else ir.WEBSOCKET_MODULES[first.transport]
        served = op.http_path is not None if module == "client" else (
            op.websocket_path is not None and ir.WEBSOCKET_MODULES.get(op.transport) == module
        )
        if not served:
            self.fail(pointer, f"{op.id} is not served by the client of {view.operation.id} ({module})")
        if view.varied_argument is not None:
            self.fail(pointer, "a parameter listing several values works with one listing operation")
        taken = {p.py_name: p for p in view.fetch_parameters}
        symbol_filter = raw.get("symbol_filter")
        params = op.iterator_parameters if op.pagination.iterator is not None else op.parameters
        arguments: list[tuple[str, str]] = []
        for param in params:
            if param.py_name in view.fixed_arguments:
                arguments.append((param.py_name, repr(view.fixed_arguments[param.py_name])))
            elif param.py_name in taken and taken[param.py_name].py_type == param.py_type:
                arguments.append((param.py_name, param.py_name))
            elif param.required:
                self.fail(pointer, f"{op.id} needs {param.wire_name!r}, which fetch_open_orders neither takes nor fixes")
            elif param.wire_name == symbol_filter:
                self.fail(pointer, f"{op.id}'s symbol filter {param.wire_name!r} differs from {view.operation.id}'s")
        iterator = op.pagination.iterator
        return ir.Listing(
            operation=op,
            method=iterator if iterator is not None else (op.first_snapshot_method if op.pagination.kind == "snapshots" else op.py_name),
            is_iterator=iterator is not None,
            items_attribute="" if iterator is not None else op.items_attribute,
            arguments=tuple(arguments),
        )

    def field_path(self, venue: ir.Venue, order_model: str, name: str, pointer: str) -> str:
        """The expression reading an order field: a wire name, or a path into nested objects
        (``descr/price``, or the JSON pointer ``/descr/price``), None where a step is absent."""
        tokens = [t.replace("~1", "/").replace("~0", "~") for t in name.removeprefix("/").split("/")]
        schema: dict[str, Any] = {"$ref": _REF_PREFIX + order_model}
        owner, expression, optional = order_model, "order", []
        for index, token in enumerate(tokens):
            node = venue._deref(schema)
            properties = node.get("properties", {})
            if token not in properties:
                what = repr(name) if len(tokens) == 1 else f"{token!r} (in {name!r})"
                self.fail(pointer, f"{owner} has no field {what}")
                return "None"
            expression = f"{expression}.{snake_case(token)}"
            schema, nullable = _without_null(properties[token])
            if index < len(tokens) - 1:
                if nullable or token not in node.get("required", []):
                    optional.append(expression)
                target = venue._deref(schema)
                owner = str(target.get("title", token))
        if optional:
            return f"(None if {' or '.join(f'{e} is None' for e in optional)} else {expression})"
        return expression

    def unified_arguments(
        self, raw: dict[str, Any], ops: list[ir.Operation], symbol_filter: str | None
    ) -> tuple[dict[str, Any], tuple[str, tuple[Any, ...]] | None]:
        """The constant arguments of ``unified.parameters`` (Python name -> value) and the
        one asked in turn with each of its values, each checked against its parameter (of
        the first listing operation that has it)."""
        by_wire: dict[str, ir.Parameter] = {}
        driven: set[str | None] = set()
        for listing_op in ops:
            for p in listing_op.parameters:
                by_wire.setdefault(p.wire_name, p)
            driven |= {listing_op.pagination.page_param, listing_op.pagination.offset_param, listing_op.pagination.cursor_param}
        driven -= {None}
        fixed: dict[str, Any] = {}
        varied: tuple[str, tuple[Any, ...]] | None = None
        for name, value in raw.items():
            pointer = f"/unified/parameters/{name}"
            param = by_wire.get(name)
            if param is None:
                known = ", ".join(sorted(by_wire)) or "none"
                self.fail(pointer, f"{'/'.join(o.id for o in ops)} has no parameter {name!r} (known: {known})")
                continue
            if name in driven:
                self.fail(pointer, f"{name!r} is driven by the page iterator and cannot be fixed")
                continue
            if name == symbol_filter:
                self.fail(pointer, f"{name!r} is the symbol filter, which the caller sets")
                continue
            values = value if isinstance(value, list) else [value]
            validator = jsonschema.Draft202012Validator(
                param.schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
            )
            bad = False
            for index, item in enumerate(values):
                where = f"{pointer}/{index}" if isinstance(value, list) else pointer
                for error in validator.iter_errors(item):
                    self.fail(where, f"{item!r} is not a valid {name!r}: {error.message}")
                    bad = True
            if bad:
                continue
            if not isinstance(value, list):
                fixed[param.py_name] = value
            elif varied is not None:
                self.fail(pointer, f"only one parameter may list several values ({varied[0]!r} already does)")
            else:
                varied = (param.py_name, tuple(value))
        return fixed, varied

    def unified_truncation(
        self,
        raw: dict[str, Any] | None,
        op: ir.Operation,
        fixed: dict[str, Any],
        varied: tuple[str, tuple[Any, ...]] | None,
    ) -> tuple[str, str, int] | None:
        """The argument that caps an unpaged listing's reply, and the value fixed for it."""
        if raw is None:
            return None
        pointer = "/unified/truncation/limit"
        param = next((p for p in op.parameters if p.wire_name == raw["limit"]), None)
        if param is None:
            self.fail(pointer, f"{op.id} has no parameter {raw['limit']!r}")
            return None
        if op.pagination.kind != "none":
            self.fail(pointer, f"{op.id} has paging ({op.pagination.kind}): every page is walked, nothing is truncated")
            return None
        if varied is not None:
            self.fail(pointer, "a truncation check needs one listing call; a parameter lists several values")
            return None
        value = fixed.get(param.py_name)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(pointer, f"fix {raw['limit']!r} in unified.parameters (an integer), so the reply can be compared with it")
            return None
        return param.wire_name, param.py_name, value

    def unified_expression(
        self,
        name: str,
        source: dict[str, Any],
        pointer: str,
        attribute: Callable[[str, str], str],
        tables: dict[str, dict[str, Any]],
    ) -> str:
        """The Python expression, over ``order`` and the mapper ``m``, for one unified field."""
        if "value" in source:
            return repr(source["value"])
        if "difference" in source:
            left, right = (attribute(f, f"{pointer}/difference/{i}") for i, f in enumerate(source["difference"]))
            return f"m.difference({name!r}, {left}, {right})"
        if "nonzero" in source:
            value = attribute(source["nonzero"], f"{pointer}/nonzero")
            return f"m.when_nonzero({name!r}, {value}, {source['then']!r}, {source['else']!r})"
        value = attribute(source["field"], f"{pointer}/field")
        if "map" in source:
            allowed = _UNIFIED_VALUES.get(name)
            for key, target in source["map"].items():
                if allowed is not None and target not in allowed:
                    self.fail(f"{pointer}/map/{key}", f"{target!r} is not a unified {name} ({', '.join(map(str, sorted(allowed, key=str)))})")
            constant = f"_{name.upper()}"
            tables[constant] = dict(source["map"])
            return f"m.lookup({name!r}, {value}, {constant})"
        return f"m.{_CONVERTERS.get(name, 'text')}({name!r}, {value})"

    def venue(self) -> ir.Venue:
        meta = self.data["venue"]
        if keyword.iskeyword(meta["id"]) or keyword.issoftkeyword(meta["id"]):
            self.fail("/venue/id", f"{meta['id']!r} is a Python keyword and cannot name a module")
        if meta["id"] != self.spec.path.stem:
            self.fail("/venue/id", f"the id {meta['id']!r} must match the file name {self.spec.path.stem!r}")
        self.check_schemas()
        servers = self.servers()
        auth = self.auth()
        errors = self.errors()
        operations = []
        names: dict[str, str] = {}
        self.check_websocket_settings(self.data["operations"])
        for index, raw in enumerate(self.data["operations"]):
            pointer = f"/operations/{index}"
            op = self.operation(raw, pointer, servers)
            for method in filter(None, (op.py_name, op.pagination.iterator)):
                if method in _CLIENT_ATTRIBUTES or method.startswith("_"):
                    self.fail(f"{pointer}/id", f"{method!r} is the name of the client's own method")
                if method in names:
                    self.fail(f"{pointer}/id", f"the method name {method!r} is already used by {names[method]}")
                names[method] = pointer
            operations.append(op)
        venue = ir.Venue(
            id=meta["id"],
            title=meta["title"],
            class_prefix=pascal_case(meta["title"]),
            description=meta["description"],
            docs=meta["docs"],
            source=self.spec.path,
            servers=servers,
            auth=auth,
            errors=errors,
            operations=tuple(operations),
            schemas=self.schemas,
            version=str(meta.get("version", "")),
        )
        for index, op in enumerate(venue.operations):
            _as_far_as_possible(lambda: self.check_paging_pointers(venue, op, f"/operations/{index}/pagination"))  # noqa: B023
        if self.problems:
            # Still check the unified section, so that its problems come in the same run.
            _as_far_as_possible(lambda: self.unified(venue.operations, venue))
            return venue
        return dataclasses.replace(venue, unified=self.unified(venue.operations, venue))


def _without_null(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A property's schema without its null alternative, and whether it had one."""
    alternatives = schema.get("anyOf")
    if isinstance(alternatives, list):
        rest = [a for a in alternatives if a.get("type") != "null"]
        if len(rest) == 1:
            return rest[0], len(rest) != len(alternatives)
    kind = schema.get("type")
    if isinstance(kind, list) and "null" in kind:
        return schema, True
    return schema, False


def _schema_at(venue: ir.Venue, schema: dict[str, Any], pointer: str) -> dict[str, Any] | None:
    """The schema of the value at ``pointer`` (wire names) under ``schema``, or None."""
    for token in filter(None, pointer.split("/")):
        properties = venue._deref(schema).get("properties")
        if not isinstance(properties, dict) or token not in properties:
            return None
        schema = properties[token]
        alternatives = [a for a in schema.get("anyOf", []) if a.get("type") != "null"]
        if len(alternatives) == 1:
            schema = alternatives[0]
    return venue._deref(schema)


def _wire_text(value: Any) -> str:
    """A constant as query text, the way the runtime writes arguments (booleans lower case)."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _recipe_pointer(where: str) -> str:
    """``signing.message[2].name`` -> ``/auth/signing/message/2/name``."""
    return "/auth/" + re.sub(r"\[(\d+)\]", r"/\1", where).replace(".", "/")


def _template_names(template: str) -> list[str]:
    names = template_fields(template)
    return names if isinstance(names, list) else []


def _as_far_as_possible(step: Callable[[], Any]) -> Any:
    # The builder indexes a spec as the format schema promises; on a spec that broke the
    # format, a part may not have that shape. Its problem is already reported; skip the rest.
    try:
        return step()
    except (KeyError, TypeError, AttributeError, IndexError, ValueError):
        return None


def build_venue(spec: LoadedSpec) -> tuple[ir.Venue | None, list[SpecProblem]]:
    """The intermediate model of a spec that passed validation, and any further problems."""
    builder = _Builder(spec)
    venue = builder.venue()
    return (venue if not builder.problems else None), builder.problems


def check_invalid_spec(spec: LoadedSpec) -> list[SpecProblem]:
    """The builder's own problems (references, JSON Schema, names ...) of a spec that failed
    the format schema, checked as far as its shape allows, each once."""
    builder = _Builder(spec)
    builder.check_what_loaded()
    return list(dict.fromkeys(builder.problems))
