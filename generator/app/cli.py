"""``venues``: the command-line tool of the package (``venues open-orders``; also
``python -m venues open-orders``).

An application on top of the package, not part of its runtime: it is copied from
generator/app/ next to the venue modules and imports them relatively, so a vendored copy
works under any package path.

Lists the open orders of one or more venues in one shape (:class:`~.unified.OpenOrder`), as a
table, JSON or CSV. Everything it knows of the venues comes from the generated
``venues.registry`` (clients, credentials, server variables, listing parameters), so a venue
added to the specs is listed here without a change to this module.

Settings of a venue ``<VENUE>`` (upper case) are read from environment variables
``VENUES_<VENUE>_<NAME>`` (``<NAME>`` is the client keyword in upper case: credentials,
server variables such as a host, listing parameters such as an account id, and
``BASE_URL``), or from a TOML config file with one table per venue (``[bitso]``,
``api_key = "..."``). Environment variables win over the file. ``venues open-orders
--help`` lists every variable.

Exit codes: see ``EXIT_*`` below (and the ``--help`` text). Secrets are held in
:class:`~.secrets.Secret` and never printed; values from the environment or the config file
are never echoed.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import inspect
import json
import logging
import os
import sys
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, TextIO

from . import __version__
from ._runtime import errors
from ._runtime.secrets import Secret
from ._runtime.unified import OpenOrder, VenueEntry

__all__ = [
    "main",
    "env_name",
    "EXIT_OK",
    "EXIT_VENUE_ERROR",
    "EXIT_USAGE",
    "EXIT_CONFIG",
    "EXIT_AUTH",
    "EXIT_NETWORK",
    "EXIT_PARTIAL",
    "EXIT_INTERRUPTED",
]

#: Every venue asked answered.
EXIT_OK: Final = 0
#: A venue refused or garbled the request (not an auth or network problem), or an
#: unexpected error; also when several venues failed for different reasons.
EXIT_VENUE_ERROR: Final = 1
#: Bad command line (unknown option, unknown venue, neither ``--venue`` nor ``--all``).
EXIT_USAGE: Final = 2
#: Missing or invalid credentials or settings (environment, config file).
EXIT_CONFIG: Final = 3
#: The venue rejected the credentials (bad key, bad signature, expired token).
EXIT_AUTH: Final = 4
#: The venue could not be reached, the connection dropped, or it did not answer in time.
EXIT_NETWORK: Final = 5
#: Several venues asked: some answered (their orders are printed), some failed.
EXIT_PARTIAL: Final = 6
#: Interrupted (Ctrl-C).
EXIT_INTERRUPTED: Final = 130

ENV_PREFIX: Final = "VENUES_"
CONFIG_ENV: Final = "VENUES_CONFIG"
BASE_URL: Final = "base_url"
DEFAULT_TIMEOUT: Final = 30.0
#: The columns of the table (``created`` is ``created_at``).
TABLE_COLUMNS: Final = (
    "venue",
    "market",
    "type(side)",
    "status",
    "price",
    "amount",
    "filled",
    "remaining",
    "created",
)
#: The fields of the JSON objects and CSV columns: every OpenOrder field but ``original``.
RECORD_FIELDS: Final = tuple(name for name in OpenOrder.__dataclass_fields__ if name != "original")
_NUMERIC_COLUMNS: Final = frozenset({"price", "amount", "filled", "remaining"})
_SPINNER: Final = "|/-\\"


def env_name(venue: str, name: str) -> str:
    """The environment variable of a venue setting: ``VENUES_<VENUE>_<NAME>``."""
    return f"{ENV_PREFIX}{venue}_{name}".upper().replace("-", "_")


# -- settings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """One value a venue needs or accepts, and where it goes."""

    name: str
    description: str
    role: str  # "credential" | "server" | "parameter" | "base_url"
    required: bool
    secret: bool = False
    type: str = "string"


def settings_of(entry: VenueEntry) -> list[Setting]:
    """Every setting of a venue, from the registry: credentials (required), server variables
    (required unless ``base_url`` is set), listing parameters (but the symbol filter, which
    ``--symbol`` sets) and ``base_url``."""
    result = [
        Setting(c.name, c.description, "credential", True, secret=c.secret)
        for c in entry.credentials
    ]
    result += [
        Setting(s.name, s.description + " Not needed when BASE_URL is set.", "server", True)
        for s in entry.server_variables
    ]
    result += [
        Setting(p.name, p.description, "parameter", p.required, type=p.type)
        for p in entry.fetch_parameters
        if p.name != entry.symbol_filter
    ]
    result.append(
        Setting(
            BASE_URL,
            "The server to talk to instead of the venue's production server "
            "(for example a local test server).",
            "base_url",
            False,
        )
    )
    return result


class ConfigError(Exception):
    """A missing or invalid setting; the message names variables, never values."""


@dataclass
class Resolved:
    """A venue's settings, resolved from the environment and the config file."""

    entry: VenueEntry
    values: dict[str, Any] = field(default_factory=dict)
    missing: list[Setting] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def configured(self) -> bool:
        """Whether any credential of the venue is set (``--all`` asks only those)."""
        return any(c.name in self.values for c in self.entry.credentials)

    def secrets(self) -> list[str]:
        """The credentials' values (secret or not), to mask in anything printed."""
        names = {c.name for c in self.entry.credentials}
        return [
            v.reveal() if isinstance(v, Secret) else str(v)
            for k, v in self.values.items()
            if k in names
        ]


def _convert(venue: str, setting: Setting, raw: object, where: str) -> object:
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise ConfigError(f"{where} must be a string")
    if setting.type == "integer":
        if isinstance(raw, int):
            return raw
        try:
            return int(raw.strip())
        except ValueError:
            raise ConfigError(f"{where} must be an integer") from None
    text = str(raw)
    return Secret(text) if setting.secret else text


def resolve(entry: VenueEntry, environ: Mapping[str, str], table: Mapping[str, Any]) -> Resolved:
    """The venue's settings: ``VENUES_<VENUE>_<NAME>`` first, then its config table."""
    result = Resolved(entry)
    for setting in settings_of(entry):
        variable = env_name(entry.id, setting.name)
        raw: object = environ.get(variable, "")
        where = variable
        if raw == "":
            raw = table.get(setting.name)
            where = f"{setting.name} in [{entry.id}] of the config file"
        if raw is None or raw == "":
            continue
        try:
            result.values[setting.name] = _convert(entry.id, setting, raw, where)
        except ConfigError as exc:
            result.problems.append(str(exc))
    for setting in settings_of(entry):
        if not setting.required or setting.name in result.values:
            continue
        if setting.role == "server" and BASE_URL in result.values:
            continue
        result.missing.append(setting)
    return result


def load_config(path: Path | None, environ: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The config file's tables (``{}`` without one) and warnings about it.

    The file is ``--config FILE``, else ``$VENUES_CONFIG``, else
    ``$XDG_CONFIG_HOME/venues/config.toml`` (``~/.config/venues/config.toml``) if it exists.
    """
    explicit = path is not None or bool(environ.get(CONFIG_ENV))
    if path is None and environ.get(CONFIG_ENV):
        path = Path(environ[CONFIG_ENV])
    if path is None:
        base = environ.get("XDG_CONFIG_HOME") or str(Path(environ.get("HOME", "~")) / ".config")
        path = Path(base).expanduser() / "venues" / "config.toml"
        if not path.is_file():
            return {}, []
    warnings: list[str] = []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"config file {path} does not exist") from None
        return {}, []
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        # TOMLDecodeError names the line and column, never the text.
        reason = str(exc) if isinstance(exc, tomllib.TOMLDecodeError) else "not UTF-8"
        raise ConfigError(f"config file {path} is not valid TOML: {reason}") from None
    try:
        if os.name == "posix" and path.is_file() and path.stat().st_mode & 0o077:
            warnings.append(
                f"config file {path} can be read by other users; `chmod 600` it if it holds secrets"
            )
    except OSError:
        pass
    return data, warnings


def check_config_keys(config: Mapping[str, Any], venues: Mapping[str, VenueEntry]) -> list[str]:
    """Warnings for tables and keys the tool does not know (typos)."""
    warnings = []
    for key, table in config.items():
        if key not in venues:
            warnings.append(f"config file: unknown venue table [{key}]")
            continue
        if not isinstance(table, dict):
            warnings.append(f"config file: {key} must be a table ([{key}])")
            continue
        known = {s.name for s in settings_of(venues[key])}
        for name in table:
            if name not in known:
                warnings.append(
                    f"config file: unknown key {name!r} in [{key}] (known: {', '.join(sorted(known))})"
                )
    return warnings


# -- fetching -------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one venue gave: its orders, or a failure (exit code and message)."""

    venue: str
    orders: list[OpenOrder] = field(default_factory=list)
    code: int = EXIT_OK
    message: str = ""
    #: Orders the venue listed as filled, cancelled, expired or rejected, left out.
    closed: int = 0
    #: Set when the venue's reply was full and the orders shown may be incomplete.
    truncated: str = ""


def _scrub(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if len(secret) >= 4:  # shorter values would mask unrelated text
            text = text.replace(secret, "**********")
    return text


def _describe(exc: BaseException, resolved: Resolved) -> tuple[int, str]:
    """Exit code and message of a venue's failure (no secret in it)."""
    venue = resolved.entry.id
    credentials = ", ".join(env_name(venue, c.name) for c in resolved.entry.credentials)
    if isinstance(exc, errors.AuthenticationError):
        code, text = EXIT_AUTH, f"authentication failed ({exc.detail}); check {credentials}"
    elif isinstance(exc, errors.APITimeoutError):
        code, text = EXIT_NETWORK, f"timed out: {exc.detail}"
    elif isinstance(exc, errors.APIConnectionError):
        code, text = EXIT_NETWORK, f"network failure: {exc.detail}"
    elif isinstance(exc, TimeoutError):
        code, text = EXIT_NETWORK, "timed out: no complete answer within the --timeout"
    elif isinstance(exc, errors.TruncatedResultError):
        code, text = EXIT_VENUE_ERROR, (
            f"the reply holds {len(exc.items)} orders, the most one request returns "
            f"({exc.parameter}={exc.limit}), and {venue} has no paging: more open orders may "
            "exist. Narrow it with --symbol, or pass --allow-truncated to print these."
        )
    elif isinstance(exc, errors.RequestValidationError):
        code, text = EXIT_CONFIG, f"invalid setting {env_name(venue, exc.parameter)}: {exc.detail}"
    elif isinstance(exc, errors.VenueError):
        code, text = EXIT_VENUE_ERROR, f"{type(exc).__name__}: {exc.detail}"
    elif isinstance(exc, ConfigError):
        code, text = EXIT_CONFIG, str(exc)
    else:
        code, text = EXIT_VENUE_ERROR, f"unexpected {type(exc).__name__}: {exc}"
    return code, _scrub(text, resolved.secrets())


def _matches(order: OpenOrder, symbol: str) -> bool:
    if "/" in symbol:
        return (order.market or "").upper() == symbol.upper()
    return (order.symbol or "").upper() == symbol.upper()


def _client_options(
    entry: VenueEntry, resolved: Resolved, timeout: float, retries: int | None
) -> dict[str, Any]:
    names = {c.name for c in entry.credentials} | {s.name for s in entry.server_variables}
    options = {k: v for k, v in resolved.values.items() if k in names or k == BASE_URL}
    accepted = inspect.signature(entry.async_client).parameters
    if "timeout" in accepted:
        options["timeout"] = timeout
    if retries is not None and "max_retries" in accepted:
        options["max_retries"] = retries
    return options


async def fetch_venue(
    resolved: Resolved,
    symbol: str | None,
    timeout: float,
    retries: int | None,
    allow_truncated: bool = False,
) -> Outcome:
    """One venue's open orders (filtered by ``symbol``), or its failure. A full reply of a
    venue without paging is a failure unless ``allow_truncated`` (then flagged)."""
    entry = resolved.entry
    outcome = Outcome(entry.id)
    if resolved.problems or resolved.missing:
        lines = list(resolved.problems)
        if resolved.missing:
            names = ", ".join(env_name(entry.id, s.name) for s in resolved.missing)
            keys = ", ".join(s.name for s in resolved.missing)
            lines.append(
                f"missing settings: set {names} (or {keys} in [{entry.id}] of the config file)"
            )
        outcome.code, outcome.message = EXIT_CONFIG, "; ".join(lines)
        return outcome
    parameters = {
        p.name: resolved.values[p.name] for p in entry.fetch_parameters if p.name in resolved.values
    }
    if symbol and "/" not in symbol and entry.symbol_filter is not None:
        parameters[entry.symbol_filter] = symbol
    try:
        try:
            client = entry.async_client(**_client_options(entry, resolved, timeout, retries))
        except errors.VenueError:
            raise
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"invalid settings: {exc}") from None
        async with asyncio.timeout(timeout):
            async with client:
                # Closed orders too, so that the tool can say how many it leaves out.
                orders: list[OpenOrder] = await client.fetch_open_orders(
                    **parameters, include_closed=True
                )
    except errors.TruncatedResultError as exc:
        if not allow_truncated:
            outcome.code, outcome.message = _describe(exc, resolved)
            return outcome
        orders = list(exc.items)
        outcome.truncated = (
            f"the reply was full ({exc.parameter}={exc.limit}, no paging): "
            "more open orders may exist than are shown"
        )
    except Exception as exc:
        outcome.code, outcome.message = _describe(exc, resolved)
        return outcome
    if symbol:
        orders = [o for o in orders if _matches(o, symbol)]
    outcome.orders = [o for o in orders if not o.is_closed]
    outcome.closed = len(orders) - len(outcome.orders)
    return outcome


async def _spinner(stream: TextIO, pending: Callable[[], list[str]], started: float) -> None:
    for frame in _cycle(_SPINNER):
        names = pending()
        elapsed = time.monotonic() - started
        stream.write(f"\r\x1b[K{frame} waiting for {', '.join(names)} ({elapsed:.1f} s)")
        stream.flush()
        await asyncio.sleep(0.1)


def _cycle(text: str) -> Iterable[str]:
    while True:
        yield from text


async def fetch_all(
    selected: list[Resolved],
    symbol: str | None,
    timeout: float,
    retries: int | None,
    progress: TextIO | None,
    allow_truncated: bool = False,
) -> list[Outcome]:
    """Every selected venue at once; a progress line on ``progress`` while waiting."""
    tasks = {
        r.entry.id: asyncio.create_task(
            fetch_venue(r, symbol, timeout, retries, allow_truncated)
        )
        for r in selected
    }
    spinner = None
    if progress is not None:
        started = time.monotonic()
        spinner = asyncio.create_task(
            _spinner(progress, lambda: [v for v, t in tasks.items() if not t.done()], started)
        )
    try:
        outcomes = list(await asyncio.gather(*tasks.values()))
    finally:
        if spinner is not None:
            spinner.cancel()
            try:
                await spinner
            except asyncio.CancelledError:
                pass
            assert progress is not None
            progress.write("\r\x1b[K")
            progress.flush()
    return outcomes


# -- output ---------------------------------------------------------------------------------


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _value(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def record(order: OpenOrder) -> dict[str, object]:
    """An order as a JSON-ready object: Decimals as exact strings, times in ISO 8601."""
    return {name: _value(getattr(order, name)) for name in RECORD_FIELDS}


def write_json(orders: Sequence[OpenOrder], out: TextIO) -> None:
    json.dump([record(o) for o in orders], out, indent=2)
    out.write("\n")


def write_csv(orders: Sequence[OpenOrder], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RECORD_FIELDS)
    for order in orders:
        row = record(order)
        cells = []
        for name in RECORD_FIELDS:
            value = row[name]
            if isinstance(value, list):
                value = "; ".join(value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            cells.append("" if value is None else str(value))
        writer.writerow(cells)


def _row(order: OpenOrder) -> list[str]:
    market = order.market or order.symbol or "?"
    if order.market and order.market_type and order.market_type != "spot":
        market += f" {order.market_type}"
    kind = order.type or "?"
    if order.side:
        kind += f"({order.side})"
    status = (order.status or "?") + (" *" if order.unmapped else "")
    created = ""
    if order.created_at is not None:
        created = order.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    return [
        order.venue,
        market,
        kind,
        status,
        _number(order.price),
        _number(order.amount),
        _number(order.filled),
        _number(order.remaining),
        created,
    ]


def write_table(orders: Sequence[OpenOrder], out: TextIO) -> None:
    rows = [list(TABLE_COLUMNS)] + [_row(o) for o in orders]
    widths = [max(len(r[i]) for r in rows) for i in range(len(TABLE_COLUMNS))]
    for index, row in enumerate(rows):
        cells = [
            (
                cell.rjust(width)
                if TABLE_COLUMNS[i] in _NUMERIC_COLUMNS and index
                else cell.ljust(width)
            )
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        out.write("  ".join(cells).rstrip() + "\n")
        if index == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")
    if any(o.unmapped for o in orders):
        out.write("\n* some values could not be mapped:\n")
        for order in orders:
            for problem in order.unmapped:
                out.write(f"  {order.venue} {order.order_id}: {problem}\n")


WRITERS: Final[dict[str, Callable[[Sequence[OpenOrder], TextIO], None]]] = {
    "table": write_table,
    "json": write_json,
    "csv": write_csv,
}


# -- command line ---------------------------------------------------------------------------


def _environment_help(venues: Mapping[str, VenueEntry]) -> str:
    lines = [
        "settings (environment variables; or the same names in lower case, without the",
        "VENUES_<VENUE>_ prefix, in the venue's table of the config file):",
    ]
    for venue, entry in venues.items():
        lines.append(f"  {entry.title} ({venue}):")
        for setting in settings_of(entry):
            if setting.role == "credential":
                tag = "required, secret" if setting.secret else "required"
            elif setting.role == "server":
                tag = "required unless BASE_URL"
            else:
                tag = "required" if setting.required else "optional"
            lines.append(f"    {env_name(venue, setting.name):<34} {tag}")
    lines += [
        "",
        "config file: --config FILE, else $VENUES_CONFIG, else",
        "  $XDG_CONFIG_HOME/venues/config.toml (~/.config/venues/config.toml) if it exists;",
        "  environment variables win over it. Example:",
        "    [bitso]",
        '    api_key = "..."',
        '    api_secret = "..."',
        "",
        "--all asks every venue with at least one credential set, all at once.",
        "Orders whose status is filled, cancelled, expired or rejected are left out;",
        "stderr says how many.",
        "",
        "exit codes:",
        f"  {EXIT_OK}  every venue asked answered",
        f"  {EXIT_VENUE_ERROR}  a venue refused or garbled the request, or several failed differently",
        f"  {EXIT_USAGE}  bad command line",
        f"  {EXIT_CONFIG}  missing or invalid credentials or settings",
        f"  {EXIT_AUTH}  the venue rejected the credentials",
        f"  {EXIT_NETWORK}  network failure or timeout",
        f"  {EXIT_PARTIAL}  several venues asked: some answered (printed), some failed (on stderr)",
    ]
    return "\n".join(lines)


def build_parser(venues: Mapping[str, VenueEntry]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="venues", description="Typed clients for trading venues: command-line tool."
    )
    parser.add_argument("--version", action="version", version=f"venues {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    command = commands.add_parser(
        "open-orders",
        help="list open orders of one or more venues in one shape",
        description="List the open orders of one or more venues in one shape.",
        epilog=_environment_help(venues),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    which = command.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--venue",
        action="append",
        choices=sorted(venues),
        metavar="NAME",
        help=f"a venue to ask (repeatable): {', '.join(sorted(venues))}",
    )
    which.add_argument(
        "--all", action="store_true", help="every venue whose credentials are set, at once"
    )
    command.add_argument(
        "--symbol",
        help="only this market: a venue symbol (btc_mxn, BTC-PERP; sent to the venue where it "
        "can filter) or BASE/QUOTE (BTC/USDC, matched on the unified market)",
    )
    command.add_argument(
        "--format", choices=sorted(WRITERS), default="table", help="default: table"
    )
    command.add_argument("--config", type=Path, metavar="FILE", help="TOML file of settings")
    command.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on a venue after this long (default {DEFAULT_TIMEOUT:g})",
    )
    command.add_argument(
        "--retries",
        type=int,
        metavar="N",
        help="retries after a transient failure (client default)",
    )
    command.add_argument(
        "--allow-truncated",
        action="store_true",
        help="print the orders of a full reply from a venue without paging (more may exist) "
        "instead of failing",
    )
    command.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress line on stderr (shown on a terminal)",
    )
    return parser


def _overall(outcomes: Sequence[Outcome]) -> int:
    failed = [o for o in outcomes if o.code != EXIT_OK]
    if not failed:
        return EXIT_OK
    if len(failed) < len(outcomes):
        return EXIT_PARTIAL
    codes = {o.code for o in failed}
    return codes.pop() if len(codes) == 1 else EXIT_VENUE_ERROR


def open_orders(
    args: argparse.Namespace,
    venues: Mapping[str, VenueEntry],
    environ: Mapping[str, str],
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    def warn(message: str) -> None:
        stderr.write(f"venues: {message}\n")

    if args.timeout <= 0:
        warn("--timeout must be positive")
        return EXIT_USAGE
    if args.retries is not None and args.retries < 0:
        warn("--retries must be 0 or more")
        return EXIT_USAGE
    try:
        config, warnings = load_config(args.config, environ)
    except ConfigError as exc:
        warn(str(exc))
        return EXIT_CONFIG
    for warning in warnings + check_config_keys(config, venues):
        warn(warning)
    resolved = {}
    for venue, entry in venues.items():
        table = config.get(venue)
        resolved[venue] = resolve(entry, environ, table if isinstance(table, dict) else {})
    if args.all:
        selected = [r for r in resolved.values() if r.configured]
        if not selected:
            warn("no venue has credentials set. Set, for example:")
            for venue, entry in venues.items():
                names = " ".join(env_name(venue, c.name) for c in entry.credentials)
                warn(f"  {venue}: {names}")
            warn("(or use a config file; see `venues open-orders --help`)")
            return EXIT_CONFIG
    else:
        selected = [resolved[v] for v in dict.fromkeys(args.venue)]
    progress = stderr if not args.no_progress and stderr.isatty() else None
    outcomes = asyncio.run(
        fetch_all(
            selected, args.symbol, args.timeout, args.retries, progress, args.allow_truncated
        )
    )
    orders = [order for outcome in outcomes for order in outcome.orders]
    # JSON and CSV stay machine-readable when every venue failed (an empty list, a header);
    # the table is for people and stays empty then.
    if args.format != "table" or any(o.code == EXIT_OK for o in outcomes):
        WRITERS[args.format](orders, stdout)
        stdout.flush()
    for outcome in outcomes:
        if outcome.code != EXIT_OK:
            warn(f"{outcome.venue}: {outcome.message}")
        elif outcome.truncated:
            warn(f"{outcome.venue}: {outcome.truncated}")
        if outcome.closed:
            plural = "" if outcome.closed == 1 else "s"
            warn(
                f"{outcome.venue}: {outcome.closed} closed order{plural} (filled, cancelled, "
                "expired or rejected) left out"
            )
    if args.all:
        skipped = [r.entry.id for r in resolved.values() if not r.configured]
        if skipped:
            warn(f"not configured, skipped: {', '.join(skipped)}")
    answered = [o for o in outcomes if o.code == EXIT_OK]
    plural = "" if len(orders) == 1 else "s"
    closed = sum(o.closed for o in outcomes)
    warn(
        f"{len(orders)} open order{plural} from {len(answered)} of {len(outcomes)} venues"
        + (f"; {closed} closed left out" if closed else "")
    )
    return _overall(outcomes)


def main(
    argv: Sequence[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the tool; returns the exit code (the console script exits with it)."""
    from .registry import VENUES  # imports every client: only when the tool runs

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    logging.basicConfig(
        level=logging.WARNING, format="venues: %(name)s: %(message)s", stream=stderr
    )
    logging.getLogger("venues.unified").setLevel(logging.ERROR)  # the table lists them
    parser = build_parser(VENUES)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return open_orders(args, VENUES, os.environ if environ is None else environ, stdout, stderr)
    except KeyboardInterrupt:
        stderr.write("\nvenues: interrupted\n")
        return EXIT_INTERRUPTED
