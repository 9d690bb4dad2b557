"""Writes the hostile-spec corpus: odd or malicious variations of one small venue spec.

Run `python tests/hostile_specs/make_corpus.py` to rewrite ok/ and bad/ (the files are
committed; this script documents how each was made). Specs in ok/ must generate
importable, mypy-clean code; specs in bad/ must fail with a located problem whose message
contains the text in their `# expect:` first line.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
#: Code that must never run: if it did, it would create this file.
CANARY = "/tmp/venues-hostile-spec-canary"
PAYLOAD = f"__import__('pathlib').Path('{CANARY}').touch()"


def base(venue: str) -> dict[str, Any]:
    return {
        "spec_version": 1,
        "venue": {"id": venue, "title": f"Odd {venue}", "description": "A hostile test venue.", "docs": "https://example.invalid/docs"},
        "servers": [{"name": "production", "http": "https://api.example.invalid"}],
        "auth": {
            "credentials": [
                {"name": "api_key", "role": "api_key", "description": "Key."},
                {"name": "api_secret", "role": "secret", "description": "Secret.", "secret": True},
            ],
            "signing": {
                "primitive": "hmac_sha256",
                "nonce": {"kind": "increasing_ms"},
                "message": ["nonce", "method", "path", {"query": {"leading": "?"}}, "body"],
                "placements": [{"header": "Authorization", "value": "K {api_key}:{nonce}:{signature}"}],
            },
        },
        "errors": {"envelope": {"error": "", "code": "/code", "message": "/message"}},
        "operations": [
            {
                "id": "list_things",
                "summary": "List things.",
                "description": "Lists things.",
                "docs": "https://example.invalid/docs/things",
                "transport": "http",
                "http": {"method": "GET", "path": "/things"},
                "retry_safe": True,
                "parameters": [{"name": "q", "in": "query", "description": "Query.", "schema": {"type": "string"}}],
                "response": {"envelope": {"payload": ""}, "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}},
                "pagination": {"kind": "none"},
            }
        ],
        "components": {
            "schemas": {
                "Thing": {
                    "title": "Thing",
                    "description": "A thing.",
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string", "description": "Id."}},
                }
            }
        },
    }


Mutation = Callable[[dict[str, Any]], None]


def props(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["components"]["schemas"]["Thing"]["properties"]


def add_fields(*names: str) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        for name in names:
            props(spec)[name] = {"type": "string", "description": f"The field {name!r}."}

    return mutate


def add_enum(values: list[Any], title: str = "Kind") -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"][title] = {"title": title, "description": "Kinds.", "type": "string", "enum": values}
        props(spec)["kind"] = {"$ref": f"#/components/schemas/{title}"}

    return mutate


def add_schema_enum(values: list[Any], title: str, **schema: Any) -> Mutation:
    """An enum of any values (integer, mixed) as a component, and a field of it."""

    def mutate(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"][title] = {"title": title, "description": "Codes.", **schema, "enum": values}
        props(spec)["code"] = {"$ref": f"#/components/schemas/{title}"}

    return mutate


def second_listing(op_id: str = "list_more_things", **changes: Any) -> Mutation:
    """A second operation listing Things (at /more), for unified views over several."""

    def mutate(spec: dict[str, Any]) -> None:
        op = copy.deepcopy(spec["operations"][0])
        op.update(id=op_id, http={"method": "GET", "path": "/more"}, **changes)
        spec["operations"].append(op)

    return mutate


def nested(spec: dict[str, Any]) -> None:
    props(spec)["inner"] = {"title": "Inner", "type": "object", "properties": {"price": {"type": "string", "format": "decimal"}, "deeper": {"title": "Deeper", "type": "object", "required": ["at"], "properties": {"at": {"type": "string"}}}}}


def describe_everything(text: str) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        spec["venue"]["description"] = text
        op = spec["operations"][0]
        op["summary"] = text
        op["description"] = text
        op["parameters"][0]["description"] = text
        op["parameters"][0]["schema"]["default"] = text
        thing = spec["components"]["schemas"]["Thing"]
        thing["description"] = text
        props(thing_spec := spec)["id"]["description"] = text
        add_enum(["a", "b"])(thing_spec)
        spec["components"]["schemas"]["Kind"]["description"] = text
        spec["auth"]["credentials"][0]["description"] = text
        spec["servers"][0]["description"] = text

    return mutate


def add_params(*names: str) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        for name in names:
            spec["operations"][0]["parameters"].append({"name": name, "in": "query", "description": f"{name}.", "schema": {"type": "string"}})

    return mutate


def set_op_id(op_id: str) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        spec["operations"][0]["id"] = op_id

    return mutate


def add_schema(name: str, schema: dict[str, Any], field: str = "extra") -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"][name] = schema
        props(spec)[field] = {"$ref": f"#/components/schemas/{name}"}

    return mutate


def self_cycle(spec: dict[str, Any]) -> None:
    props(spec)["children"] = {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}
    props(spec)["parent"] = {"anyOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "null"}]}


def mutual_cycle(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["Left"] = {"title": "Left", "type": "object", "properties": {"right": {"$ref": "#/components/schemas/Right"}}}
    spec["components"]["schemas"]["Right"] = {"title": "Right", "type": "object", "properties": {"left": {"$ref": "#/components/schemas/Left"}}}
    props(spec)["left"] = {"$ref": "#/components/schemas/Left"}


def deep_nesting(depth: int) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        node: dict[str, Any] = {"type": "string"}
        for level in range(depth):
            node = {"type": "object", "title": f"Level{level}", "properties": {"inner": node}}
        props(spec)["deep"] = node

    return mutate


def duplicate_operation(spec: dict[str, Any]) -> None:
    spec["operations"].append(copy.deepcopy(spec["operations"][0]))


def dangling_ref(spec: dict[str, Any]) -> None:
    props(spec)["ghost"] = {"$ref": "#/components/schemas/Ghost"}


def foreign_ref(spec: dict[str, Any]) -> None:
    props(spec)["remote"] = {"$ref": "https://evil.invalid/schema.json"}


def set_path(path: list[Any], value: Any) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        node = spec
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return mutate


def chain(*mutations: Mutation) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(spec)

    return mutate


def unified(**fields: Any) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        base_fields: dict[str, Any] = {
            "symbol": {"field": "id"},
            "market": {"field": "id", "patterns": [{"pattern": "(?P<base>[A-Z]+)_(?P<quote>[A-Z]+)", "market_type": "spot"}]},
            "order_id": {"field": "id"},
            "side": {"value": "buy"},
            "status": {"value": "open"},
        }
        spec["unified"] = {"operation": "list_things", "fields": base_fields | fields}

    return mutate


KEYWORDS = ["class", "def", "import", "from", "return", "None", "True", "async", "await", "lambda", "match", "type"]
BUILTINS = ["id2", "list", "dict", "str", "print", "input", "object", "len"]
DUNDERS = ["__init__", "__class__", "__dict__", "__slots__", "__annotations__"]
PYDANTIC_NAMES = ["model_config", "model_fields", "model_extra", "model_dump", "schema", "copy", "json", "validate", "construct", "fields"]

def request_vocabulary(spec: dict[str, Any]) -> None:
    """Path parameters, a form body, lists, constant query parameters and headers."""
    spec["servers"].append({"name": "demo", "http": "https://demo.example.invalid", "headers": {"X-Demo": "1"}})
    op = spec["operations"][0]
    op["http"] = {"method": "POST", "path": "/things/{thingId}/{kind}", "body_encoding": "form", "query": {"status": "open", "all": True}, "headers": {"X-Op": "a"}}
    op["parameters"] += [
        {"name": "thingId", "in": "path", "required": True, "description": "Id.", "schema": {"type": "string"}},
        {"name": "kind", "in": "path", "required": True, "description": "Kind.", "schema": {"type": "integer", "minimum": 1}},
        {"name": "ids", "in": "query", "style": "repeated", "description": "Ids.", "schema": {"type": "array", "items": {"type": "integer", "minimum": 0}}},
        {"name": "sides", "in": "query", "description": "Sides.", "schema": {"type": "array", "items": {"type": "string", "enum": ["BUY", "SELL"]}}},
        {"name": "qty", "in": "body", "description": "Quantity.", "schema": {"type": "number"}},
        {"name": "prices", "in": "form", "description": "Prices.", "schema": {"type": "array", "items": {"type": "number"}}},
    ]


def path_op(path: str, *params: dict[str, Any]) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        spec["operations"][0]["http"]["path"] = path
        spec["operations"][0]["parameters"] += list(params)

    return mutate


OK: dict[str, Mutation] = {
    "request_vocabulary": request_vocabulary,
    "auth_none": lambda s: s.__setitem__("auth", "none"),
    "unified_minimal": unified(),
    # One listing per value of q, and a capped, unpaged reply (limit fixed at 10).
    "unified_parameters_varied": lambda s: (unified()(s), s["unified"].__setitem__("parameters", {"q": ["a", "b"]})),
    "unified_truncation": lambda s: (
        s["operations"][0]["parameters"].append({"name": "limit", "in": "query", "description": "Limit.", "schema": {"type": "integer", "minimum": 1}}),
        unified()(s),
        s["unified"].update(parameters={"limit": 10}, truncation={"limit": "limit"}),
    ),
    **{f"keyword_{name.lower()}": add_fields(name) for name in KEYWORDS},
    **{f"builtin_{name}": add_fields(name) for name in BUILTINS},
    **{f"dunder_{name.strip('_')}": add_fields(name) for name in DUNDERS},
    **{f"pydantic_{name}": add_fields(name) for name in PYDANTIC_NAMES},
    "collide_camel_snake": add_fields("orderId", "order_id"),
    "collide_case": add_fields("E", "e"),
    "collide_three_ways": add_fields("fooBar", "foo_bar", "FooBar", "foo-bar"),
    "non_ascii_names": add_fields("prix€", "名前", "naïve", "Ωmega"),
    "odd_punctuation_names": add_fields("order-id", "order id", "1st", "$ref", "a.b", "@type"),
    "empty_field_name": add_fields(""),
    "triple_quotes": describe_everything('Ends here """ + ' + PAYLOAD + ' + """ and goes on'),
    "single_triple_quotes": describe_everything("Ends here ''' + " + PAYLOAD + " + ''' and goes on"),
    "backslashes": describe_everything("C:\\new\\table \\N{BULLET} \\x41 \\u0041 \\"),
    "jinja_syntax": describe_everything("{{ 7*7 }} {% for x in range(3) %}{{ x }}{% endfor %} {# hidden #} {{ " + PAYLOAD + " }}"),
    "format_braces": describe_everything("{key} {0} {__class__} %s %(x)s"),
    "newlines_and_tabs": describe_everything("line one\n\n\tline two\r\nline three\x0b"),
    "huge_description": describe_everything("very long text " * 5000),
    "enum_keywords": add_enum(["class", "def", "None", "True", "import"]),
    "enum_normalising_collisions": add_enum(["a b", "a-b", "A_B", "a_b", "A B"]),
    "enum_odd_values": add_enum(["", " ", "1", "1.5", "-", "€", "名前", "a\"b", "a'b", "a\\b"]),
    "enum_huge": add_enum([f"VALUE_{i}" for i in range(2000)]),
    "enum_named_like_imports": add_enum(["x", "y"], title="Decimal"),
    "enum_integer": add_schema_enum([1, 2, -7, 40000000000], "Level", type="integer"),
    "enum_integer_untyped": add_schema_enum([0, 1], "Flag"),
    "enum_mixed": add_schema_enum(["open", 1, "closed", 2], "Mixed"),
    "enum_mixed_named_like_parts": chain(add_schema_enum(["x", 3], "Odd"), add_enum(["y"], title="OddText")),
    "keyed_by": chain(
        lambda s: props(s).update(key={"type": "string"}),
        set_path(["operations", 0, "response", "keyed_by"], "key"),
    ),
    "cursor_paging": chain(
        lambda s: s["operations"][0]["parameters"].append({"name": "cursor", "in": "query", "description": "Cursor.", "schema": {"type": "string"}}),
        set_path(["operations", 0, "pagination"], {"kind": "cursor", "iterator": "iter_things", "cursor_param": "cursor", "items": "", "cursor_from_item": "id", "encoded": True}),
    ),
    "unified_several_operations": chain(
        second_listing(parameters=[{"name": "q", "in": "query", "description": "Query.", "schema": {"type": "string"}}, {"name": "all", "in": "query", "description": "All.", "schema": {"type": "boolean"}}]),
        unified(),
        lambda s: s["unified"].pop("operation"),
        lambda s: s["unified"].update(operations=["list_things", "list_more_things"], parameters={"all": True}, symbol_filter="q"),
    ),
    "unified_nested_fields": chain(nested, unified(price={"field": "inner/price"}, client_order_id={"field": "/inner/deeper/at"})),
    "format_uuid": lambda s: props(s).update(
        uid={"type": "string", "format": "uuid"}, uids={"type": "array", "items": {"type": "string", "format": "uuid"}}
    ),
    "schema_named_field": add_schema("Field", {"title": "Field", "type": "object", "properties": {"a": {"type": "string"}}}),
    "schema_named_basemodel": add_schema("BaseModel", {"title": "BaseModel", "type": "object", "properties": {"a": {"type": "string"}}}),
    "schema_named_venuemodel": add_schema("VenueModel", {"title": "VenueModel", "type": "object", "properties": {"a": {"type": "string"}}}),
    "schema_named_any": add_schema("Any", {"title": "Any", "type": "object", "properties": {"a": {"type": "string"}}}),
    "ref_self_cycle": self_cycle,
    "ref_mutual_cycle": mutual_cycle,
    "deep_nesting": deep_nesting(40),
    "param_keywords": add_params("class", "from", "self", "lambda"),
    "param_builtins": add_params("id", "type", "format", "filter"),
    "operation_id_keyword": set_op_id("import"),
    "operation_id_builtin": set_op_id("list"),
    "server_url_quotes": set_path(["servers", 0, "http"], 'https://x.invalid/"; ' + PAYLOAD + '; "'),
    "default_odd_values": set_path(["operations", 0, "parameters", 0, "schema", "default"], '"""\\'),
}

BAD: dict[str, tuple[Mutation, str]] = {
    "dangling_ref": (dangling_ref, "unresolved reference"),
    "foreign_ref": (foreign_ref, "does not match"),
    "duplicate_operation_id": (duplicate_operation, "already used"),
    "param_collision_after_snake_case": (add_params("fooBar", "foo_bar"), "already uses"),
    "param_shadows_credential": (add_params("api_key"), "also a credential"),
    "operation_named_close": (set_op_id("close"), "client's own"),
    "placement_attribute_access": (
        set_path(["auth", "signing", "placements", 0, "value"], "{api_key.__class__.__init__.__globals__}{signature}"),
        "only plain {name} fields",
    ),
    "placement_unknown_field": (set_path(["auth", "signing", "placements", 0, "value"], "{signature}{secret}"), "unknown value {secret}"),
    # Issue 13: a header template without {signature} used to give a client that signs nothing.
    "signature_never_placed": (set_path(["auth", "signing", "placements", 0, "value"], "K {api_key}:{nonce}"), "the signature is never placed"),
    "recipe_unknown_part": (set_path(["auth", "signing", "message", 4], "bodee"), "unknown part 'bodee'"),
    "recipe_credential_without_role": (lambda s: s["auth"]["credentials"][1].pop("role"), "needs a role"),
    "recipe_needs_operation_value": (set_path(["auth", "signing", "operation_params"], ["instruction"]), "needs 'instruction' from every operation"),
    # The file name is the venue id, so this spec is bad/import.yaml.
    "import": (lambda s: None, "keyword"),
    "enum_mixed_types_param": (lambda s: s["operations"][0]["parameters"].__setitem__(0, {"name": "q", "in": "query", "description": "q", "schema": {"type": "string", "enum": ["a", 1]}}), "must all be"),
    "minimum_above_maximum": (lambda s: s["operations"][0]["parameters"].__setitem__(0, {"name": "q", "in": "query", "description": "q", "schema": {"type": "integer", "minimum": 10, "maximum": 1}}), "above maximum"),
    "invalid_json_schema": (set_path(["components", "schemas", "Thing", "type"], "objekt"), "not valid"),
    "pagination_param_missing": (set_path(["operations", 0, "pagination"], {"kind": "limit_offset", "iterator": "iter_things", "limit_param": "limit", "offset_param": "offset", "items": ""}), "no parameter named"),
    "response_not_a_ref": (set_path(["operations", 0, "response", "schema"], {"type": "object"}), "not valid"),
    "unified_unknown_field": (unified(price={"field": "nope"}), "has no field 'nope'"),
    "unified_unlisted_target": (unified(status={"field": "id", "map": {"A": "weird"}}), "is not a unified status"),
    "unified_pattern_without_base": (
        unified(market={"field": "id", "patterns": [{"pattern": "(?P<quote>[A-Z]+)", "market_type": "spot"}]}),
        "(?P<base>...) group",
    ),
    "unified_bad_regex": (unified(market={"field": "id", "patterns": [{"pattern": "(?P<base>[A-Z", "quote": "X", "market_type": "spot"}]}), "regex"),
    "unified_unknown_operation": (lambda s: (unified()(s), s["unified"].__setitem__("operation", "nope")), "no operation named"),
    "unified_parameter_unknown": (lambda s: (unified()(s), s["unified"].__setitem__("parameters", {"nope": 1})), "has no parameter 'nope'"),
    "unified_parameter_out_of_range": (
        lambda s: (
            s["operations"][0]["parameters"].append({"name": "limit", "in": "query", "description": "Limit.", "schema": {"type": "integer", "minimum": 1, "maximum": 100}}),
            unified()(s),
            s["unified"].__setitem__("parameters", {"limit": 1000}),
        ),
        "1000 is not a valid 'limit'",
    ),
    "unified_parameter_two_lists": (
        lambda s: (
            s["operations"][0]["parameters"].append({"name": "r", "in": "query", "description": "R.", "schema": {"type": "string"}}),
            unified()(s),
            s["unified"].__setitem__("parameters", {"q": ["a", "b"], "r": ["c", "d"]}),
        ),
        "only one parameter may list several values",
    ),
    "unified_truncation_limit_not_fixed": (
        lambda s: (
            s["operations"][0]["parameters"].append({"name": "limit", "in": "query", "description": "Limit.", "schema": {"type": "integer", "default": 50}}),
            unified()(s),
            s["unified"].__setitem__("truncation", {"limit": "limit"}),
        ),
        "fix 'limit' in unified.parameters",
    ),
    "keyed_by_unknown_field": (set_path(["operations", 0, "response", "keyed_by"], "txid"), "Thing has no property 'txid'"),
    "keyed_by_required_field": (set_path(["operations", 0, "response", "keyed_by"], "id"), "Thing.id must not be required"),
    "keyed_by_not_a_list": (
        chain(
            set_path(["operations", 0, "response", "schema"], {"$ref": "#/components/schemas/Thing"}),
            set_path(["operations", 0, "response", "keyed_by"], "id"),
        ),
        "keyed_by needs a list",
    ),
    "cursor_param_missing": (
        set_path(["operations", 0, "pagination"], {"kind": "cursor", "iterator": "iter_things", "cursor_param": "nope", "items": "", "cursor_from_item": "id"}),
        "no parameter named 'nope'",
    ),
    "cursor_item_field_missing": (
        set_path(["operations", 0, "pagination"], {"kind": "cursor", "iterator": "iter_things", "cursor_param": "q", "items": "", "cursor_from_item": "nope"}),
        "Thing has no field 'nope'",
    ),
    "cursor_two_sources": (
        set_path(["operations", 0, "pagination"], {"kind": "cursor", "iterator": "iter_things", "cursor_param": "q", "items": "", "cursor_from_item": "id", "next_cursor": "/n"}),
        "is valid under each of",
    ),
    "items_not_a_list": (
        chain(
            set_path(["operations", 0, "response", "schema"], {"$ref": "#/components/schemas/Thing"}),
            set_path(["operations", 0, "pagination"], {"kind": "none", "items": "/id"}),
        ),
        "'/id' is not a list of models in Thing",
    ),
    "unified_operations_unknown": (
        chain(unified(), lambda s: s["unified"].pop("operation"), lambda s: s["unified"].update(operations=["list_things", "nope"])),
        "no operation named 'nope'",
    ),
    "unified_operations_other_model": (
        chain(
            add_schema("Other", {"title": "Other", "type": "object", "properties": {"a": {"type": "string"}}}),
            second_listing(response={"envelope": {"payload": ""}, "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Other"}}}),
            unified(),
            lambda s: s["unified"].pop("operation"),
            lambda s: s["unified"].update(operations=["list_things", "list_more_things"]),
        ),
        "list_more_things lists Other, not Thing",
    ),
    "unified_operations_required_argument": (
        chain(
            second_listing(parameters=[{"name": "must", "in": "query", "required": True, "description": "Must.", "schema": {"type": "string"}}]),
            unified(),
            lambda s: s["unified"].pop("operation"),
            lambda s: s["unified"].update(operations=["list_things", "list_more_things"]),
        ),
        "list_more_things needs 'must'",
    ),
    "unified_nested_field_unknown": (chain(nested, unified(price={"field": "inner/nope"})), "Inner has no field 'nope' (in 'inner/nope')"),
    "unknown_top_level_key": (set_path(["exec"], PAYLOAD), "Additional properties"),
    "path_placeholder_without_parameter": (path_op("/things/{thingId}"), "{thingId} is not a parameter with in: path"),
    "path_parameter_without_placeholder": (
        path_op("/things", {"name": "thingId", "in": "path", "required": True, "description": "Id.", "schema": {"type": "string"}}),
        "has no {thingId}",
    ),
    "path_parameter_optional": (
        path_op("/things/{thingId}", {"name": "thingId", "in": "path", "description": "Id.", "schema": {"type": "string"}}),
        "must be required",
    ),
    "style_on_a_scalar": (lambda s: s["operations"][0]["parameters"][0].__setitem__("style", "repeated"), "list (array) parameters only"),
    "form_on_a_get": (lambda s: s["operations"][0]["parameters"][0].__setitem__("in", "form"), "a GET request has no body"),
    "constant_query_is_a_parameter": (set_path(["operations", 0, "http", "query"], {"q": "x"}), "'q' is also a parameter"),
    "script_in_venue_title": (set_path(["venue", "title"], ""), "should be non-empty"),
}


def write(folder: Path, name: str, spec: dict[str, Any], header: str = "") -> None:
    text = yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=1000)
    (folder / f"{name}.yaml").write_text(header + text, encoding="utf-8")


def main() -> None:
    for sub in ("ok", "bad"):
        shutil.rmtree(HERE / sub, ignore_errors=True)
        (HERE / sub).mkdir()
    for name, mutation in OK.items():
        spec = base(name)
        mutation(spec)
        write(HERE / "ok", name, spec)
    for name, (mutation, expected) in BAD.items():
        spec = base(name)
        mutation(spec)
        write(HERE / "bad", name, spec, header=f"# expect: {expected}\n")
    print(f"wrote {len(OK)} ok and {len(BAD)} bad specs")


if __name__ == "__main__":
    main()
