"""Transports: bytes to and from one origin (keep-alive HTTP/1.1 on sockets and asyncio,
framed by llhttp); replaceable through the interfaces in :mod:`.http`."""
