"""The specs of a git revision: which files it holds (:func:`blobs_at`, also what
``diff --against`` reads), and which differ from the working tree without building any
(:func:`changed_since`: the API report after `generate` builds only those, the same spec
text giving the same API, and none at all when the working tree's specs are HEAD's)."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

__all__ = ["blob_id", "blobs_at", "changed_since"]


def blob_id(data: bytes, algorithm: str = "sha1") -> str:
    """The id git gives a file of these bytes (``git hash-object``)."""
    return hashlib.new(algorithm, b"blob %d\0" % len(data) + data).hexdigest()


def blobs_at(ref: str, spec_dir: Path) -> dict[str, str]:
    """Each ``*.yaml`` of ``spec_dir`` at ``ref``, by file name, with its blob id. Raises
    CalledProcessError outside a git checkout or when the folder is not at ``ref``."""
    listing = subprocess.run(
        # ./ is the folder git runs in, at ref; --full-tree, or git filters that tree by the
        # path of that folder (and lists nothing).
        ["git", "ls-tree", "--full-tree", "-z", f"{ref}:./"],
        cwd=spec_dir,
        capture_output=True,
        check=True,
    ).stdout.decode()
    blobs = {}
    for line in filter(None, listing.split("\0")):
        info, _, name = line.partition("\t")
        _mode, kind, object_id = info.split()
        if kind == "blob" and name.endswith(".yaml"):
            blobs[name] = object_id
    return blobs


def changed_since(spec_dir: Path, ref: str) -> list[str]:
    """The venues (file stems) whose spec was added, removed or edited since ``ref``, sorted.

    A file git would store differently (an end-of-line filter) counts as edited, which
    costs a build and never hides a change."""
    at_ref = blobs_at(ref, spec_dir)
    # A repository in SHA-256 object format names blobs with 64 hex digits.
    algorithm = "sha256" if any(len(i) == 64 for i in at_ref.values()) else "sha1"
    here = {p.name: blob_id(p.read_bytes(), algorithm) for p in spec_dir.glob("*.yaml") if p.is_file()}
    return sorted(
        name.removesuffix(".yaml")
        for name in at_ref.keys() | here.keys()
        if at_ref.get(name) != here.get(name)
    )
