"""Decoding: replies to typed results (the envelope by JSON pointers, one-pass msgspec
decoding, the models' base classes and the spec formats' field types)."""
