"""CHANGELOG.md: one entry per venue spec version, written from the API change report.

``python -m generator changelog [--against GIT_REF]`` compares each spec with its state at
GIT_REF (default HEAD) and adds an entry for every venue whose ``venue.version`` changed (or
that is new), newest first, listing what breaks callers, what is deprecated and what was
added. A venue whose public API changed while its version did not is refused: bump
``venue.version`` first, so that every entry names the version a vendoring user upgrades to.
An entry that already exists for a venue and version is left as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from . import apidiff

__all__ = ["HEADER", "entry", "update"]

HEADER = """# Changelog of the generated clients

One entry per venue spec version (`venue.version` in `specs/<venue>.yaml`), newest first,
written by `python -m generator changelog` from the API change report
(`python -m generator diff`). **Breaking** changes need a change in calling code;
**deprecated** names still work, with a `DeprecationWarning`, until the next version of that
spec; **added** changes need nothing.
"""

_TITLES = {
    apidiff.BREAKING: "Breaking",
    apidiff.DEPRECATED: "Deprecated",
    apidiff.COMPATIBLE: "Added or compatible",
}


def heading(venue: str, version: str) -> str:
    return f"## {venue} {version}"


def entry(
    venue: str,
    old: apidiff.VenueAPI | None,
    new: apidiff.VenueAPI,
    changes: list[apidiff.Change],
    today: dt.date,
) -> str:
    """The Markdown entry of one venue version."""
    lines = [f"{heading(venue, new.version)} ({today.isoformat()})", ""]
    if old is None:
        lines.append(
            f"New venue: {len(new.operations)} operation(s) "
            f"({', '.join(f'`{name}()`' for name in sorted(new.operations))}), generated from "
            f"`specs/{new.source}`."
        )
    else:
        lines.append(f"From version {old.version}." if old.version else "First versioned spec.")
        if not changes:
            lines += ["", "No change to the public API."]
    for kind in (apidiff.BREAKING, apidiff.DEPRECATED, apidiff.COMPATIBLE):
        picked = [c for c in changes if c.kind == kind]
        if not picked or old is None:
            continue
        lines += ["", f"{_TITLES[kind]}:", ""]
        for change in picked:
            detail = f" ({change.detail})" if change.detail else ""
            lines.append(f"- `{change.where}`: {change.what}{detail}")
    return "\n".join(lines) + "\n"


def update(
    text: str,
    reports: Iterable[
        tuple[str, apidiff.VenueAPI | None, apidiff.VenueAPI | None, list[apidiff.Change]]
    ],
    today: dt.date,
) -> tuple[str, list[str], list[str]]:
    """``text`` (CHANGELOG.md, maybe empty) with the new entries; also the venues added and
    the problems (an API change without a version bump)."""
    body = text if text.strip() else HEADER
    added: list[str] = []
    problems: list[str] = []
    entries: list[str] = []
    for venue, old, new, changes in reports:
        if new is None:
            continue
        if old is not None and old.version == new.version:
            if changes:
                problems.append(
                    f"{venue}: the public API changed but venue.version is still "
                    f"{new.version or 'unset'} in specs/{new.source}; bump it, then run this again"
                )
            continue
        if not new.version:
            problems.append(f"{venue}: specs/{new.source} has no venue.version")
            continue
        if re.search(rf"^{re.escape(heading(venue, new.version))} \(", body, re.MULTILINE):
            continue
        entries.append(entry(venue, old, new, changes, today))
        added.append(f"{venue} {new.version}")
    if entries:
        head, sep, rest = body.partition("\n## ")
        body = head.rstrip("\n") + "\n\n" + "\n".join(entries) + (("\n## " + rest) if sep else "")
    return body, added, problems
