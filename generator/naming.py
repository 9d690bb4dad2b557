"""Turning spec names into Python names."""

from __future__ import annotations

import builtins
import keyword
import re

__all__ = ["snake_case", "pascal_case", "safe_identifier"]

_BOUNDARY_1 = re.compile(r"(.)([A-Z][a-z]+)")
_BOUNDARY_2 = re.compile(r"([a-z0-9])([A-Z])")
_NON_WORD = re.compile(r"[^0-9a-zA-Z_]+")


def snake_case(name: str) -> str:
    """``marketType`` -> ``market_type``, ``subAccountId`` -> ``sub_account_id``."""
    name = _NON_WORD.sub("_", name)
    name = _BOUNDARY_1.sub(r"\1_\2", name)
    name = _BOUNDARY_2.sub(r"\1_\2", name)
    return re.sub("_+", "_", name).strip("_").lower()


def pascal_case(name: str) -> str:
    """``b2trader`` -> ``B2trader``; ``list_open_orders`` -> ``ListOpenOrders``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9a-zA-Z]+", name) if part)


#: Names a generated method already binds (its own first argument).
_RESERVED = frozenset({"self", "cls"})


def safe_identifier(name: str) -> str:
    """A name usable as a Python argument: keywords, builtins and ``self`` get a trailing
    underscore; a leading digit gets a leading one."""
    if not name or name[0].isdigit():
        name = f"_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or hasattr(builtins, name) or name in _RESERVED:
        return f"{name}_"
    return name
