"""Signing primitives, one per module; :mod:`..registry` names them."""
