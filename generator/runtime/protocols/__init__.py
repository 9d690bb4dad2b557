"""Protocols: one client per way of talking to a venue (HTTP request/reply, WebSocket
request/reply and JSON-RPC, SignalR streams), built on the core, a transport and signing."""
