"""Auth declared in a spec: a signing recipe's problems are located spec problems, a scheme
is refused on a transport it cannot authenticate, and the recipe is emitted as typed
constructor calls."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.pipeline import ROOT, load_venues
from generator.problems import SpecError


def problems_of(tmp_path: Path, name: str, mutate: Any) -> list[str]:
    data = yaml.safe_load((ROOT / "specs" / f"{name}.yaml").read_text(encoding="utf-8"))
    mutate(data)
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / f"{name}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_venues(folder)
    return [str(p) for p in caught.value.problems]


def test_a_recipe_problem_names_file_line_and_pointer(tmp_path: Path) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        spec["auth"]["signing"]["message"][2] = {"parm": "x"}

    problems = problems_of(tmp_path, "bitso", mutate)
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path}/specs/bitso.yaml:")
    assert ": /auth/signing/message/2: unknown part 'parm'" in problems[0]


def test_a_template_field_that_does_not_exist_is_located(tmp_path: Path) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        spec["auth"]["signing"]["placements"][0]["value"] = "Bitso {api_key}:{nonse}:{signature}"

    (problem,) = problems_of(tmp_path, "bitso", mutate)
    assert "/auth/signing/placements/0/value: unknown value {nonse}" in problem


def test_a_recipe_that_never_places_the_signature_is_refused(tmp_path: Path) -> None:
    # Issue 13: this used to generate a client that signed nothing, without a word.
    def mutate(spec: dict[str, Any]) -> None:
        spec["auth"]["signing"]["placements"][0]["value"] = "Bitso {api_key}:{nonce}"

    (problem,) = problems_of(tmp_path, "bitso", mutate)
    assert "/auth/signing/placements: the signature is never placed" in problem


def test_a_recipe_secret_without_a_credential_in_that_role(tmp_path: Path) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        spec["auth"]["credentials"][1]["role"] = "passphrase"

    problems = problems_of(tmp_path, "bitso", mutate)
    assert any("needs a credential with role 'secret'" in p for p in problems), problems
    assert any("never uses the 'passphrase' credential" in p for p in problems), problems


def test_a_recipe_cannot_sign_a_websocket_request_operation(tmp_path: Path) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        bitso = yaml.safe_load((ROOT / "specs" / "bitso.yaml").read_text(encoding="utf-8"))
        spec["auth"] = bitso["auth"]

    problems = problems_of(tmp_path, "synthetix", mutate)
    assert any(
        "/operations/0/transport: a signing recipe signs HTTP requests: it cannot authenticate a "
        "websocket_request operation" in p
        for p in problems
    ), problems


def test_a_recipe_cannot_sign_jsonrpc_over_websocket(tmp_path: Path) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        bitso = yaml.safe_load((ROOT / "specs" / "bitso.yaml").read_text(encoding="utf-8"))
        spec["auth"] = bitso["auth"]

    problems = problems_of(tmp_path, "derive", mutate)
    assert any("cannot authenticate a jsonrpc over websocket operation" in p for p in problems), problems


def test_an_operation_must_give_the_recipes_per_operation_values(tmp_path: Path) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        del spec["operations"][0]["auth"]

    (problem,) = problems_of(tmp_path, "backpack", mutate)
    assert "/operations/0/auth: the signing recipe needs 'instruction' from every operation" in problem


def test_websocket_operations_of_one_client_share_their_path(tmp_path: Path) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        second = dict(spec["operations"][0], id="get_open_orders_again")
        second["jsonrpc"] = dict(second["jsonrpc"], websocket_path="/other")
        second["pagination"] = {"kind": "none"}
        spec["operations"].append(second)
        spec["operations"][1]["jsonrpc"]["websocket_path"] = "/other"

    problems = problems_of(tmp_path, "derive_v3", mutate)
    assert any(
        "/operations/1/jsonrpc/websocket_path: '/other' differs from operation 0's" in p for p in problems
    ), problems


def test_the_generated_recipe_is_constructor_calls_not_a_dict() -> None:
    source = (ROOT / "generated" / "venues" / "bitso" / "operations.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    (signing,) = [
        node
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "SIGNING"
    ]
    assert ast.unparse(signing.annotation) == "signing.SignatureRecipe"
    assert isinstance(signing.value, ast.Call)
    assert "AUTH_SETTINGS" not in source
    client = (ROOT / "generated" / "venues" / "bitso" / "client.py").read_text(encoding="utf-8")
    assert "**" not in client.split("def _auth", 1)[1].split("class ", 1)[0]


@pytest.mark.parametrize("name", ["bitso", "backpack"])
def test_the_emitted_recipe_is_the_parsed_one(name: str) -> None:
    from generator.runtime import signing
    from generator.signing_source import recipe_source

    (venue,) = [v for v in load_venues(ROOT / "specs") if v.id == name]
    emitted = eval(recipe_source(venue.auth.recipe), {"signing": signing})
    assert emitted == venue.auth.recipe


def test_a_websocket_login_names_only_recipe_values(tmp_path: Path) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        spec["auth"]["websocket_login"]["params"]["wallet"] = "{wallet}"

    (problem,) = problems_of(tmp_path, "derive", mutate)
    assert "/auth/websocket_login/params/wallet: unknown value {wallet}" in problem


def test_a_websocket_login_recipe_cannot_sign_request_parts(tmp_path: Path) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        spec["auth"]["signing"]["message"] = ["timestamp", "path"]

    (problem,) = problems_of(tmp_path, "derive", mutate)
    assert "/auth/signing/message/1: a recipe with a websocket_login cannot sign the request's path" in problem


def test_without_a_websocket_login_a_recipe_cannot_log_jsonrpc_connections_in(tmp_path: Path) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        del spec["auth"]["websocket_login"]

    problems = problems_of(tmp_path, "derive", mutate)
    assert any("cannot authenticate a jsonrpc over websocket operation" in p for p in problems), problems
