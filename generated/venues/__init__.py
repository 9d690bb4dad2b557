"""Typed clients for trading venues, generated from hand-written specs.

Venues: ``venues.b2trader`` (B2Trader), ``venues.backpack`` (Backpack), ``venues.bitso`` (Bitso), ``venues.derive`` (Derive), ``venues.derive_v3`` (DeriveV3), ``venues.synthetix`` (Synthetix).

Do not edit: change the specs and run `make generate`.
"""

from ._runtime import errors

VENUES: tuple[str, ...] = ("b2trader", "backpack", "bitso", "derive", "derive_v3", "synthetix")
"""The venue modules in this package."""

__all__ = ["VENUES", "errors"]
