"""Walking every page of a paginated operation, as its ``Pagination`` describes.

Two kinds are supported:

``page_number``
    Pages 1, 2, ... (``page_param``). With a ``total_pages`` pointer the walk stops after
    the last page the venue reports; a reply to a page past the end (venues that answer it
    with the last page again, like Derive) is recognised and dropped, so no item is returned
    twice. Without the pointer it stops at an empty page or when a page repeats the previous
    one.
``limit_offset``
    ``limit_param`` items from ``offset_param`` on, the offset advancing by the items
    received. The walk stops at a page with fewer items than the limit (the caller's, or else
    the parameter's stated maximum, which is then sent), or at an empty page.
``cursor``
    The first request sends no cursor; each reply names the next one, at ``next_cursor``
    or in the last item's ``cursor_item_field``, and it is sent back in ``cursor_param``
    exactly as received. The walk stops at an empty or absent cursor, a ``has_more`` flag
    that is false, a page shorter than ``limit_param`` (when the operation has one), an
    empty page, or a cursor already sent (a venue looping would otherwise never end).

The walker only decides which request comes next and whether a page is new; the sync and
async loops around it (:func:`iter_pages`, :func:`aiter_pages`) are the same few lines.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import Any, TypeVar
from urllib.parse import unquote

from .decoding.model import VenueModel, extra_fields, wire_names
from .decoding.pointer import MISSING
from .operation import Operation

__all__ = [
    "PageWalker",
    "iter_pages",
    "aiter_pages",
    "iterate_pages",
    "async_iterate_pages",
    "page_items",
    "resolve_typed",
]

T = TypeVar("T")


def resolve_typed(value: Any, pointer: str) -> Any:
    """The value at a JSON pointer (wire names) in a typed result, or :data:`MISSING`.

    Model fields are found by their wire name (alias) or their Python name; dicts by key,
    lists by index.
    """
    if pointer == "":
        return value
    current = value
    for raw in pointer[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(current, VenueModel):
            names = wire_names(current)
            name = next(
                (n for n, wire in names.items() if wire == token),
                token if token in names else None,
            )
            if name is not None:
                current = getattr(current, name)
            elif token in extra_fields(current):
                current = extra_fields(current)[token]
            else:
                return MISSING
        elif isinstance(current, Mapping):
            if token not in current:
                return MISSING
            current = current[token]
        elif isinstance(current, (list, tuple)) and token.isdigit() and int(token) < len(current):
            current = current[int(token)]
        else:
            return MISSING
    return current


def page_items(op: Operation[Any], page: Any) -> list[Any]:
    """The items of one page (``pagination.items`` inside the typed result)."""
    items = resolve_typed(page, op.pagination.items)
    if items is MISSING or items is None:
        return []
    if not isinstance(items, (list, tuple)):
        raise TypeError(
            f"{op.venue}.{op.name}: pagination.items {op.pagination.items!r} is not a list"
        )
    return list(items)


class PageWalker:
    """Decides, page after page, what to request next and whether a page is new.

    ``first()`` gives the first request's arguments; after each reply, ``accept(page)``
    says whether to hand the page out, then ``next()`` gives the following request's
    arguments, or None when the walk is over.
    """

    def __init__(self, op: Operation[Any], args: Mapping[str, Any], *, max_pages: int | None = None) -> None:
        rules = op.pagination
        self.op = op
        self.max_pages = max_pages
        self.pages_fetched = 0
        self._args = dict(args)
        self._previous: list[Any] | None = None
        self._next: dict[str, Any] | None = None
        if rules.kind == "page_number":
            if rules.page_param is None:
                raise TypeError(f"{op.venue}.{op.name}: page_number pagination needs page_param")
            self._page_name = self._arg_name(rules.page_param)
            self._page = int(self._args.get(self._page_name) or 1)
            self._args[self._page_name] = self._page
        elif rules.kind == "limit_offset":
            if rules.limit_param is None or rules.offset_param is None:
                raise TypeError(
                    f"{op.venue}.{op.name}: limit_offset pagination needs limit_param and offset_param"
                )
            self._offset_name = self._arg_name(rules.offset_param)
            limit_name = self._arg_name(rules.limit_param)
            limit = self._args.get(limit_name)
            if limit is None:
                maximum = op.params_by_name[limit_name].maximum
                limit = None if maximum is None else int(maximum)
                if limit is not None:
                    self._args[limit_name] = limit
            self._limit: int | None = limit
            self._offset = int(self._args.get(self._offset_name) or 0)
            self._args[self._offset_name] = self._offset
        elif rules.kind == "cursor":
            if rules.cursor_param is None or (rules.next_cursor is None) == (rules.cursor_item_field is None):
                raise TypeError(
                    f"{op.venue}.{op.name}: cursor pagination needs cursor_param and one of "
                    "next_cursor or cursor_item_field"
                )
            self._cursor_name = self._arg_name(rules.cursor_param)
            self._sent: set[str] = set()
            cursor = self._args.get(self._cursor_name)
            if cursor is not None:
                self._sent.add(str(cursor))
            size = self._args.get(self._arg_name(rules.limit_param)) if rules.limit_param else None
            self._limit = None if size is None else int(size)
        else:
            raise TypeError(f"{op.venue}.{op.name} is not paginated ({rules.kind})")

    def _arg_name(self, wire: str) -> str:
        """The argument name of the parameter whose wire name is ``wire``."""
        return next((p.name for p in self.op.params if p.wire == wire), wire)

    def first(self) -> dict[str, Any]:
        return dict(self._args)

    def accept(self, page: Any) -> bool:
        """Record a reply; True when its items are new and should be handed out."""
        self.pages_fetched += 1
        items = page_items(self.op, page)
        if self.op.pagination.kind == "page_number":
            return self._accept_page_number(page, items)
        if self.op.pagination.kind == "cursor":
            return self._accept_cursor(page, items)
        return self._accept_limit_offset(items)

    def next(self) -> dict[str, Any] | None:
        """The arguments of the next request, or None when every page has been fetched."""
        if self.max_pages is not None and self.pages_fetched >= self.max_pages:
            return None
        following, self._next = self._next, None
        return following

    def _accept_page_number(self, page: Any, items: list[Any]) -> bool:
        total = self._total_pages(page)
        first = self._previous is None
        repeat = not first and items == self._previous
        if total is not None:
            # A page past the end answered with the last page again: nothing new in it.
            past_end = self._page > max(total, 1)
            new = first or not past_end
            if new and self._page < total:
                self._advance(items)
            return new
        if first or (items and not repeat):
            if items:
                self._advance(items)
            return True
        return False

    def _advance(self, items: list[Any]) -> None:
        self._previous = items
        self._page += 1
        self._next = {**self._args, self._page_name: self._page}

    def _total_pages(self, page: Any) -> int | None:
        pointer = self.op.pagination.total_pages
        if pointer is None:
            return None
        total = resolve_typed(page, pointer)
        if total is MISSING or total is None:
            return None
        return int(total)

    def _accept_cursor(self, page: Any, items: list[Any]) -> bool:
        rules = self.op.pagination
        first = self.pages_fetched == 1
        if not items:
            return first
        if rules.has_more is not None and resolve_typed(page, rules.has_more) is False:
            return True
        if self._limit is not None and len(items) < self._limit:
            return True
        if rules.next_cursor is not None:
            cursor = _cursor_text(resolve_typed(page, rules.next_cursor))
        else:
            cursor = _cursor_text(resolve_typed(items[-1], "/" + str(rules.cursor_item_field)))
        if cursor is None or cursor in self._sent:
            return True
        self._sent.add(cursor)
        self._next = {**self._args, self._cursor_name: _as_sent(cursor, rules.cursor_encoded)}
        return True

    def _accept_limit_offset(self, items: list[Any]) -> bool:
        first = self._previous is None
        self._previous = items
        if not items:
            return first
        if self._limit is None or len(items) >= self._limit:
            self._offset += len(items)
            self._next = {**self._args, self._offset_name: self._offset}
        return True


def _cursor_text(value: Any) -> str | None:
    if value is MISSING or value is None or isinstance(value, bool):
        return None
    text = str(value)
    return text or None


def _as_sent(cursor: str, encoded: bool) -> str:
    """The argument that puts ``cursor`` on the wire as received. Query values are
    percent-encoded when sent, so a cursor the venue hands out already encoded is decoded
    first: encoding it again gives back the venue's bytes (for the usual upper-case
    escapes; other spellings of the same text decode to the same value at the venue)."""
    return unquote(cursor) if encoded else cursor


def iter_pages(
    op: Operation[T],
    call: Callable[[Operation[T], Mapping[str, Any]], T],
    args: Mapping[str, Any],
    *,
    max_pages: int | None = None,
) -> Iterator[T]:
    """Every page of ``op`` for ``args``, fetched one after another with ``call``."""
    walker = PageWalker(op, args, max_pages=max_pages)
    request: dict[str, Any] | None = walker.first()
    while request is not None:
        page = call(op, request)
        if walker.accept(page):
            yield page
        request = walker.next()


async def aiter_pages(
    op: Operation[T],
    call: Callable[[Operation[T], Mapping[str, Any]], Awaitable[T]],
    args: Mapping[str, Any],
    *,
    max_pages: int | None = None,
) -> AsyncIterator[T]:
    """The asyncio twin of :func:`iter_pages`."""
    walker = PageWalker(op, args, max_pages=max_pages)
    request: dict[str, Any] | None = walker.first()
    while request is not None:
        page = await call(op, request)
        if walker.accept(page):
            yield page
        request = walker.next()


def iterate_pages(
    call: Callable[[Operation[T], Mapping[str, Any]], T],
    op: Operation[T],
    args: Mapping[str, Any],
    *,
    max_pages: int | None = None,
) -> Iterator[Any]:
    """Every item of every page (``pagination.items`` of each page), each once."""
    for page in iter_pages(op, call, args, max_pages=max_pages):
        yield from page_items(op, page)


async def async_iterate_pages(
    call: Callable[[Operation[T], Mapping[str, Any]], Awaitable[T]],
    op: Operation[T],
    args: Mapping[str, Any],
    *,
    max_pages: int | None = None,
) -> AsyncIterator[Any]:
    """The asyncio twin of :func:`iterate_pages`."""
    async for page in aiter_pages(op, call, args, max_pages=max_pages):
        for item in page_items(op, page):
            yield item
