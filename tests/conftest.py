"""Suite-wide guard: while the tests run with the test credentials in use, no secret may
reach a log record (at DEBUG level and above) or a file the tests write."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from secrets_support import known_secrets, leaked

#: Loggers of the local venue doubles (the server side of the tests), not of our clients:
#: a server logging the token it received is the venue's business, not a client leak.
_SERVER_LOGGERS = ("websockets.server", "werkzeug")


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(_SERVER_LOGGERS):
            return
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.texts.append(text)


@pytest.fixture(autouse=True)
def no_secret_in_logs() -> Iterator[None]:
    recorder = _Recorder()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(recorder)
    root.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(recorder)
        root.setLevel(previous)
    found = leaked("\n".join(recorder.texts))
    assert not found, f"a secret reached a log record: {found}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """No file the tests wrote under pytest's temporary folder holds a secret."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or not known_secrets():
        return
    base = Path(factory.getbasetemp())
    offenders = []
    for path in base.rglob("*"):
        if path.is_file() and path.stat().st_size < 5_000_000:
            found = leaked(path.read_text(encoding="utf-8", errors="replace"))
            if found:
                offenders.append(f"{path}: {found}")
    if offenders:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print("\nsecrets found in files written by the tests:\n" + "\n".join(offenders))
