"""The HTTP/1.1 core both built-in transports share (runtime/transport/http11.py): the bytes
of a request, and a reply framed from bytes however they are split."""

from __future__ import annotations

import http.client
import io

import pytest

from venues._runtime.transport.http11 import (
    ReplyError,
    ReplyReader,
    encode_request,
    host_header,
)

LIMIT = 1024


def read(data: bytes, *, split: int | None = None, eof: bool = False, limit: int = LIMIT) -> ReplyReader:
    reader = ReplyReader(limit)
    pieces = [data] if split is None else [data[i : i + split] for i in range(0, len(data), split)]
    for piece in pieces:
        reader.feed(piece)
    if eof:
        reader.feed_eof()
    return reader


CHUNKED = (
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
    b"5\r\n[1,2,\r\n3;ext=1\r\n3]\n\r\n0\r\nTrailer: x\r\n\r\n"
)


@pytest.mark.parametrize("split", [None, 1, 2, 7])
def test_a_chunked_reply_is_whole_however_its_bytes_arrive(split: int | None) -> None:
    reader = read(CHUNKED, split=split)
    assert reader.complete and reader.keep_alive and not reader.extra
    assert reader.status == 200
    assert reader.body() == b"[1,2,3]\n"
    assert reader.headers["content-type"] == "application/json"


def test_content_length_framing_and_repeated_headers() -> None:
    reader = read(b"HTTP/1.1 201 Created\r\nContent-Length: 3\r\nX-A: 1\r\nx-a: 2\r\n\r\nabc")
    assert (reader.status, reader.body(), reader.complete) == (201, b"abc", True)
    assert reader.headers["x-a"] == "1, 2"  # one value per name, as RFC 9110 joins them


def test_an_interim_reply_is_skipped() -> None:
    reader = read(b"HTTP/1.1 100 Continue\r\nX-Interim: y\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
    assert (reader.status, reader.body()) == (200, b"{}")
    assert "x-interim" not in reader.headers


def test_a_reply_delimited_by_the_close_ends_at_eof_and_is_not_kept() -> None:
    reader = read(b"HTTP/1.1 200 OK\r\n\r\n[1,", split=3)
    assert not reader.complete
    reader.feed(b"2]")
    reader.feed_eof()
    assert reader.complete and not reader.keep_alive
    assert reader.body() == b"[1,2]"


@pytest.mark.parametrize(
    "data",
    [
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
    ],
)
def test_a_framed_body_cut_by_the_close_is_an_error(data: bytes) -> None:
    with pytest.raises(ReplyError, match="before its end"):
        read(data, eof=True)


def test_a_close_before_any_byte_is_a_reset_and_within_the_head_an_error() -> None:
    with pytest.raises(ConnectionResetError):
        ReplyReader(LIMIT).feed_eof()
    with pytest.raises(ReplyError, match="head"):
        read(b"HTTP/1.1 200 OK\r\nContent-", eof=True)


def test_connection_close_and_http_1_0_are_not_kept_alive() -> None:
    assert not read(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").keep_alive
    assert not read(b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keep_alive


def test_bytes_after_the_reply_mark_the_connection_out_of_step() -> None:
    reader = read(b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.1 200 OK\r\n")
    assert reader.complete and reader.body() == b"x"
    assert reader.extra


def test_the_cap_from_content_length_and_while_reading() -> None:
    declared = read(b"HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n")
    assert declared.too_large and declared.declared_too_large
    chunk = b"%x\r\n" % 600 + b"a" * 600 + b"\r\n"
    streamed = read(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk * 2)
    assert streamed.too_large and not streamed.declared_too_large
    assert streamed.body() == b""  # nothing over the cap is held


@pytest.mark.parametrize("data", [b"SSH-2.0-OpenSSH\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"])
def test_what_is_not_an_http_reply_is_an_error(data: bytes) -> None:
    with pytest.raises(ReplyError, match="not an HTTP reply"):
        read(data)


def _parsed_request(data: bytes) -> tuple[str, dict[str, str], bytes]:
    """The request read back by the standard library's own parser (an independent reader)."""
    stream = io.BytesIO(data)
    request_line = stream.readline().decode("latin-1").rstrip("\r\n")
    headers = http.client.parse_headers(stream)
    body = stream.read()
    assert int(headers.get("Content-Length", "0")) == len(body)
    return request_line, {k.lower(): v for k, v in headers.items()}, body


def test_a_request_goes_out_as_given() -> None:
    data = encode_request(
        "POST", "/0/private/OpenOrders?a=%2F", "api.kraken.com", {"API-Key": "k"}, b"nonce=1"
    )
    line, headers, body = _parsed_request(data)
    assert line == "POST /0/private/OpenOrders?a=%2F HTTP/1.1"
    assert headers["host"] == "api.kraken.com"
    assert headers["api-key"] == "k"
    assert headers["user-agent"].startswith("venues/")
    assert body == b"nonce=1"


def test_a_request_announces_an_empty_body_only_where_one_is_expected() -> None:
    assert "content-length" not in _parsed_request(encode_request("GET", "/", "h", {}, None))[1]
    assert _parsed_request(encode_request("POST", "/", "h", {}, None))[1]["content-length"] == "0"
    assert _parsed_request(encode_request("DELETE", "/", "h", {}, b"{}"))[1]["content-length"] == "2"


def test_the_callers_headers_win_over_the_defaults_in_any_case() -> None:
    data = encode_request("GET", "/", "h", {"user-agent": "mine", "Accept-Encoding": "identity"}, None)
    assert data.lower().count(b"user-agent") == 1
    assert _parsed_request(data)[1]["user-agent"] == "mine"
    assert _parsed_request(data)[1]["accept-encoding"] == "identity"


def test_requests_the_transports_cannot_make_are_refused() -> None:
    with pytest.raises(ValueError, match="HEAD"):
        encode_request("HEAD", "/", "h", {}, None)
    with pytest.raises(ValueError, match="ISO-8859-1"):
        encode_request("GET", "/", "h", {"X": "\u20ac"}, None)


@pytest.mark.parametrize(
    ("host", "port", "tls", "expected"),
    [
        ("api.x.com", 443, True, "api.x.com"),
        ("api.x.com", 80, True, "api.x.com:80"),
        ("127.0.0.1", 8080, False, "127.0.0.1:8080"),
        ("::1", 80, False, "[::1]"),
    ],
)
def test_host_header(host: str, port: int, tls: bool, expected: str) -> None:
    assert host_header(host, port, tls) == expected
