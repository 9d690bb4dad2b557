"""Page walking for page_number and limit_offset pagination, sync and async."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from msgspec import field

from venues._runtime.decoding.model import VenueModel, from_wire
from venues._runtime.decoding.pointer import MISSING
from venues._runtime.operation import Envelope, ErrorRules, Operation, Pagination, Param
from venues._runtime.paging import (
    PageWalker,
    aiter_pages,
    async_iterate_pages,
    iter_pages,
    iterate_pages,
    page_items,
    resolve_typed,
)


class Info(VenueModel):
    count: int
    num_pages: int = field(name="numPages")


class Page(VenueModel):
    orders: list[int]
    pagination: Info


def operation(pagination: Pagination, params: tuple[Param, ...]) -> Operation[Any]:
    return Operation(
        venue="v",
        name="list",
        transport="jsonrpc",
        params=params,
        response_type=object,
        envelope=Envelope(),
        errors=ErrorRules(),
        retry_safe=True,
        pagination=pagination,
    )


PAGE_NUMBER = operation(
    Pagination(
        kind="page_number",
        page_param="page",
        page_size_param="page_size",
        items="/orders",
        total_pages="/pagination/numPages",
    ),
    (
        Param("account", "account", "params", "integer", required=True),
        Param("page", "page", "params", "integer", minimum=1),
        Param("page_size", "page_size", "params", "integer", minimum=1, maximum=1000),
    ),
)
LIMIT_OFFSET = operation(
    Pagination(kind="limit_offset", limit_param="limit", offset_param="offset", items=""),
    (
        Param("sub_account_id", "subAccountId", "params", "string", required=True),
        Param("limit", "limit", "params", "integer", minimum=1, maximum=3),
        Param("offset", "offset", "params", "integer", minimum=0),
    ),
)


class PageNumberVenue:
    """Serves ``items`` in pages; a page past the end returns the last page again (Derive)."""

    def __init__(self, items: list[int], size: int, *, report_total: bool = True) -> None:
        self.items, self.size, self.report_total = items, size, report_total
        self.requests: list[dict[str, Any]] = []

    def __call__(self, op: Operation[Any], args: Mapping[str, Any]) -> Any:
        self.requests.append(dict(args))
        pages = max(1, -(-len(self.items) // self.size))
        page = min(args["page"], pages)
        chunk = self.items[(page - 1) * self.size : page * self.size]
        if not self.report_total:
            return {"orders": chunk}
        return Page(orders=chunk, pagination=Info(count=len(self.items), num_pages=pages))


def all_items(op: Operation[Any], pages: list[Any]) -> list[int]:
    return [item for page in pages for item in page_items(op, page)]


def test_three_pages_each_item_once() -> None:
    venue = PageNumberVenue(list(range(7)), 3)
    pages = list(iter_pages(PAGE_NUMBER, venue, {"account": 1, "page_size": 3}))
    assert all_items(PAGE_NUMBER, pages) == list(range(7))
    assert [r["page"] for r in venue.requests] == [1, 2, 3]
    assert all(r["account"] == 1 and r["page_size"] == 3 for r in venue.requests)


def test_a_page_past_the_end_that_repeats_the_last_page_is_dropped() -> None:
    venue = PageNumberVenue(list(range(9)), 3)
    walker = PageWalker(PAGE_NUMBER, {"account": 1})
    assert walker.accept(venue(PAGE_NUMBER, walker.first()))
    assert walker.accept(venue(PAGE_NUMBER, walker.next() or {}))
    # The venue shrank to 2 pages between requests: asking page 3 returns page 2 again.
    venue.items = venue.items[:6]
    request = walker.next()
    assert request is not None and request["page"] == 3
    assert not walker.accept(venue(PAGE_NUMBER, request))
    assert walker.next() is None


def test_an_empty_result_is_one_empty_page() -> None:
    venue = PageNumberVenue([], 3)
    pages = list(iter_pages(PAGE_NUMBER, venue, {"account": 1}))
    assert len(pages) == 1 and all_items(PAGE_NUMBER, pages) == []
    assert len(venue.requests) == 1


def test_without_a_total_it_stops_when_the_last_page_repeats() -> None:
    op = operation(
        Pagination(kind="page_number", page_param="page", items="/orders"), PAGE_NUMBER.params
    )
    venue = PageNumberVenue(list(range(5)), 2, report_total=False)
    pages = list(iter_pages(op, venue, {"account": 1}))
    assert all_items(op, pages) == list(range(5))
    assert [r["page"] for r in venue.requests] == [1, 2, 3, 4]


def test_max_pages_bounds_the_walk() -> None:
    venue = PageNumberVenue(list(range(10)), 1)
    pages = list(iter_pages(PAGE_NUMBER, venue, {"account": 1}, max_pages=3))
    assert all_items(PAGE_NUMBER, pages) == [0, 1, 2]


class LimitOffsetVenue:
    def __init__(self, items: list[str]) -> None:
        self.items = items
        self.requests: list[dict[str, Any]] = []

    def __call__(self, op: Operation[Any], args: Mapping[str, Any]) -> Any:
        self.requests.append(dict(args))
        limit = args.get("limit", 2)  # the venue's own default when none is sent
        return self.items[args["offset"] : args["offset"] + limit]


@pytest.mark.parametrize("count", [0, 1, 3, 5, 6])
def test_limit_offset_uses_the_stated_maximum_and_stops_on_a_short_page(count: int) -> None:
    items = [f"o{i}" for i in range(count)]
    venue = LimitOffsetVenue(items)
    pages = list(iter_pages(LIMIT_OFFSET, venue, {"sub_account_id": "1867542890123456789"}))
    assert all_items(LIMIT_OFFSET, pages) == items
    assert all(r["limit"] == 3 and r["sub_account_id"] == "1867542890123456789" for r in venue.requests)
    assert [r["offset"] for r in venue.requests] == list(range(0, count + 1, 3))


def test_limit_offset_with_the_callers_limit() -> None:
    venue = LimitOffsetVenue([f"o{i}" for i in range(5)])
    pages = list(iter_pages(LIMIT_OFFSET, venue, {"sub_account_id": "1", "limit": 2}))
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [r["offset"] for r in venue.requests] == [0, 2, 4]


def test_limit_offset_without_any_limit_stops_on_an_empty_page() -> None:
    op = operation(
        LIMIT_OFFSET.pagination,
        (
            Param("sub_account_id", "subAccountId", "params", "string", required=True),
            Param("limit", "limit", "params", "integer", minimum=1),
            Param("offset", "offset", "params", "integer", minimum=0),
        ),
    )
    venue = LimitOffsetVenue([f"o{i}" for i in range(5)])
    pages = list(iter_pages(op, venue, {"sub_account_id": "1"}))
    assert all_items(op, pages) == venue.items
    assert [r["offset"] for r in venue.requests] == [0, 2, 4, 5]
    assert "limit" not in venue.requests[0]


async def test_async_twin_walks_the_same_pages() -> None:
    venue = PageNumberVenue(list(range(7)), 3)

    async def call(op: Operation[Any], args: Mapping[str, Any]) -> Any:
        return venue(op, args)

    pages = [page async for page in aiter_pages(PAGE_NUMBER, call, {"account": 1})]
    assert all_items(PAGE_NUMBER, pages) == list(range(7))
    assert [r["page"] for r in venue.requests] == [1, 2, 3]


def test_resolve_typed_by_alias_name_key_and_index() -> None:
    page = from_wire(Page, {"orders": [4, 5], "pagination": {"count": 2, "numPages": 1, "next": "x"}})
    assert resolve_typed(page, "/pagination/next") == "x"  # a kept unknown field
    assert resolve_typed(page, "/pagination/numPages") == 1
    assert resolve_typed(page, "/pagination/num_pages") == 1
    assert resolve_typed(page, "/orders/1") == 5
    assert resolve_typed({"a": [{"b": 2}]}, "/a/0/b") == 2
    assert resolve_typed(page, "/nothing") is MISSING
    assert resolve_typed(page, "") is page


def test_unpaginated_operations_are_refused() -> None:
    with pytest.raises(TypeError):
        PageWalker(operation(Pagination(), ()), {})


async def test_item_iterators_flatten_pages() -> None:
    venue = LimitOffsetVenue([f"o{i}" for i in range(7)])
    assert list(iterate_pages(venue, LIMIT_OFFSET, {"sub_account_id": "1"})) == venue.items

    async def call(op: Operation[Any], args: Mapping[str, Any]) -> Any:
        return venue(op, args)

    items = [i async for i in async_iterate_pages(call, LIMIT_OFFSET, {"sub_account_id": "1"})]
    assert items == venue.items


# -- cursor ---------------------------------------------------------------------------------


class CursorPage(VenueModel):
    data: list[Any]
    next: str | None = None
    has_more: bool | None = field(name="hasMore", default=None)


def cursor_operation(**rules: Any) -> Operation[Any]:
    return operation(
        Pagination(kind="cursor", cursor_param="after", items="/data", **rules),
        (Param("after", "after", "query", "string"), Param("size", "size", "query", "integer")),
    )


def walk(op: Operation[Any], replies: dict[Any, CursorPage], args: Mapping[str, Any] | None = None) -> tuple[list[Any], list[Any]]:
    """Every item, and the cursor of every request (None for the first)."""
    sent: list[Any] = []

    def call(_: Operation[Any], request: Mapping[str, Any]) -> CursorPage:
        sent.append(request.get("after"))
        assert len(sent) <= 10, "the walk does not end"
        return replies[request.get("after")]

    return list(iterate_pages(call, op, args or {})), sent


def test_a_cursor_from_the_reply_walks_until_it_is_empty() -> None:
    replies = {None: CursorPage(data=[1, 2], next="b"), "b": CursorPage(data=[3], next="")}
    assert walk(cursor_operation(next_cursor="/next"), replies) == ([1, 2, 3], [None, "b"])


def test_an_encoded_cursor_is_decoded_once_so_the_query_encodes_it_back() -> None:
    replies = {None: CursorPage(data=[1], next="a%2Fb%3D"), "a/b=": CursorPage(data=[2], next=None)}
    op = cursor_operation(next_cursor="/next", cursor_encoded=True)
    assert walk(op, replies) == ([1, 2], [None, "a/b="])
    plain = cursor_operation(next_cursor="/next")
    replies = {None: CursorPage(data=[1], next="a%2Fb"), "a%2Fb": CursorPage(data=[2])}
    assert walk(plain, replies) == ([1, 2], [None, "a%2Fb"])


def test_a_cursor_from_the_last_item() -> None:
    first = from_wire(CursorPage, {"data": [{"id": 7}, {"id": 9}]})
    replies = {None: first, "9": CursorPage(data=[])}
    assert walk(cursor_operation(cursor_item_field="id"), replies) == ([{"id": 7}, {"id": 9}], [None, "9"])


def test_has_more_false_a_short_page_and_a_repeated_cursor_stop_the_walk() -> None:
    done = {None: CursorPage(data=[1], next="b", has_more=False)}
    assert walk(cursor_operation(next_cursor="/next", has_more="/hasMore"), done)[1] == [None]
    short = {None: CursorPage(data=[1], next="b")}
    assert walk(cursor_operation(next_cursor="/next", limit_param="size"), short, {"size": 2})[1] == [None]
    loop = {None: CursorPage(data=[1], next="b"), "b": CursorPage(data=[2], next="b")}
    assert walk(cursor_operation(next_cursor="/next"), loop) == ([1, 2], [None, "b"])


def test_cursor_paging_needs_one_source() -> None:
    with pytest.raises(TypeError, match="one of next_cursor or cursor_item_field"):
        PageWalker(cursor_operation(next_cursor="/next", cursor_item_field="id"), {})
