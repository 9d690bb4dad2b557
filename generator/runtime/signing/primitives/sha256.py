"""A plain SHA-256 digest of the message: an integrity check, not an authentication."""

from __future__ import annotations

from .base import DigestPrimitive

PRIMITIVE = DigestPrimitive("sha256")
