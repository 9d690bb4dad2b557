"""Credentials never appear in a client's repr or str, an error, or a recorded reply."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
import yaml
from secrets_support import ROOT, known_secrets, leaked

VENUES = sorted(p.parent.name for p in (ROOT / "tests" / "fixtures").glob("*/_venue.yaml"))


def test_the_guard_knows_every_venues_secrets() -> None:
    assert len(known_secrets()) >= len(VENUES)


def _clients(venue: str) -> list[type]:
    module = importlib.import_module(f"venues.{venue}")
    return [getattr(module, name) for name in module.__all__ if name.endswith("Client")]


@pytest.mark.parametrize("venue", VENUES)
async def test_no_secret_in_client_repr(venue: str) -> None:
    fixture = yaml.safe_load((ROOT / "tests" / "fixtures" / venue / "_venue.yaml").read_text())
    classes = _clients(venue)
    assert classes, f"venues.{venue} exports no client"
    for cls in classes:
        parameters = inspect.signature(cls).parameters
        kwargs = {k: v for k, v in fixture["credentials"].items() if k in parameters}
        if "host" in parameters:
            kwargs["host"] = "127.0.0.1"
        client = cls(**kwargs)
        try:
            text = repr(client) + str(client)
            assert not leaked(text), f"{cls.__name__}: {leaked(text)}"
        finally:
            closer = getattr(client, "aclose", None) or getattr(client, "close", None)
            if closer is not None:
                result = closer()
                if inspect.isawaitable(result):
                    await result


def test_no_secret_in_recorded_replies() -> None:
    """Fixtures other than _venue.yaml (which holds the public test keys) never carry a secret."""
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*.yaml")):
        if path.name != "_venue.yaml":
            assert not leaked(path.read_text(encoding="utf-8")), path


def test_the_log_guard_can_fail(caplog: pytest.LogCaptureFixture) -> None:
    """The autouse guard in conftest.py would catch this line (checked here directly)."""
    secret = sorted(known_secrets())[0]
    assert leaked(f"signing with {secret}")
    assert not leaked("signing with Secret('**********')")


def test_generated_sources_hold_no_secret() -> None:
    for path in sorted((ROOT / "generated").rglob("*.py")):
        assert not leaked(Path(path).read_text(encoding="utf-8")), path
