"""Transports: bytes to and from one origin (keep-alive HTTP on ``http.client`` and
``aiohttp``); replaceable through the interfaces in :mod:`.http`."""
