"""Typed clients for trading venues, generated from hand-written specs.

Venues: ``venues.b2trader`` (B2Trader), ``venues.backpack`` (Backpack), ``venues.bitso`` (Bitso), ``venues.derive`` (Derive), ``venues.synthetix`` (Synthetix).

Do not edit: change the specs and run `make generate`.
"""

import logging

from ._runtime import errors

# A library leaves logging to the application: without this, Python's last-resort handler
# would print the package's warnings on the consumer's stderr. The loggers are named
# "venues.*" wherever the package is vendored.
logging.getLogger("venues").addHandler(logging.NullHandler())

VENUES: tuple[str, ...] = ("b2trader", "backpack", "bitso", "derive", "synthetix")
"""The venue modules in this package."""

__all__ = ["VENUES", "errors"]
