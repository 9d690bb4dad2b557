"""HMAC-SHA384."""

from __future__ import annotations

from .base import HmacPrimitive

PRIMITIVE = HmacPrimitive("sha384")
