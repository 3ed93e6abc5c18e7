"""Cursor pagination: call an operation page after page, feeding the next key back.

An operation with a `PageSpec` answers one page and, when more follow, a response header (for
Soracom `x-soracom-next-key`) holding the key to send as a query parameter (Soracom
`last_evaluated_key`) for the next page. The header's text is converted to the parameter's
declared type (an `integer` key is sent back as an int, so request validation accepts it).

Iteration stops when the header is absent or empty, after `max_pages` pages, or once `max_items`
items have been yielded (the last page's items are cut to fit; no further page is requested).
A key that is not of the parameter's type, or a key already sent (the server going round in a
loop), raises `PaginationError`: a server repeating itself cannot make iteration endless
(`max_pages` bounds one that keeps inventing keys).

Items: the elements of a JSON-array response; for an object-shaped page (SoraCam's
`listSoraCamDeviceRecordingsAndEvents` returns `{records, events}`) the page's whole decoded
value is the one item of that page, since its lists have different types.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .errors import PaginationError
from .operation import Operation, PageSpec
from .record import Record
from .response import ApiResponse
from .types import NOT_GIVEN, NotGiven, TimeoutTypes

if TYPE_CHECKING:
    from .client import AsyncApiClient, SyncApiClient

__all__ = ["Page", "aiter_items", "aiter_pages", "iter_items", "iter_pages"]

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT")


class Page(Record, Generic[ItemT, PageT]):
    """One page: its items, the raw response (status, headers, parsed value), the next key.

    `next_key`: the key of the following page, converted to the parameter's type; None on the
    last.
    """

    __slots__ = _fields = ("items", "response", "next_key")

    def __init__(
        self,
        items: list[ItemT],
        response: ApiResponse[PageT],
        next_key: str | int | float | None,
    ) -> None:
        self.items = items
        self.response = response
        self.next_key = next_key


class _Cursor:
    """State shared by the four loops: arguments for the next request, limits, stop rules."""

    __slots__ = ("op", "spec", "args", "max_items", "max_pages", "pages", "items", "sent")
    # `sent`: every key sent so far; a key seen again means the server is going round in a loop

    def __init__(
        self,
        op: Operation[Any],
        args: Mapping[str, Any],
        max_items: int | None,
        max_pages: int | None,
    ) -> None:
        spec = op.pagination
        if spec is None:
            raise TypeError(f"{op.operation_id} is not paginated")
        for name, limit in (("max_items", max_items), ("max_pages", max_pages)):
            if limit is not None and (not isinstance(limit, int) or limit < 0):
                raise ValueError(f"{name} must be a non-negative int or None: {limit!r}")
        self.op = op
        self.spec: PageSpec = spec
        self.args = dict(args)
        self.max_items = max_items
        self.max_pages = max_pages
        self.pages = 0
        self.items = 0
        first = self.args.get(spec.param, NOT_GIVEN)
        self.sent: set[Any] = set() if isinstance(first, NotGiven) else {first}

    def wants_more(self) -> bool:
        if self.max_pages is not None and self.pages >= self.max_pages:
            return False
        return self.max_items is None or self.items < self.max_items

    def page(self, response: ApiResponse[Any]) -> Page[Any, Any]:
        """The page of `response`; sets up the next request (or ends the cursor)."""
        self.pages += 1
        parsed = response.parsed
        if self.spec.list_items:
            items = list(parsed) if isinstance(parsed, list) else []
        else:
            items = [] if parsed is None else [parsed]
        if self.max_items is not None:
            items = items[: self.max_items - self.items]
        self.items += len(items)
        key = self._next_key(response)
        if key is None:
            self.max_pages = self.pages  # stop after this page
        else:
            self.args[self.spec.param] = key
            self.sent.add(key)
        return Page(items, response, key)

    def _next_key(self, response: ApiResponse[Any]) -> str | int | float | None:
        text = response.headers.get(self.spec.header)
        if text is None or not text.strip():
            return None
        key = _convert(text.strip(), self.spec, self.op.operation_id)
        if key in self.sent:
            raise PaginationError(
                self.op.operation_id,
                f"the server sent the key {text!r} in {self.spec.header} again; stopping "
                "instead of requesting the same pages forever",
            )
        return key


def _convert(text: str, spec: PageSpec, operation_id: str) -> str | int | float:
    try:
        return spec.convert(text)
    except ValueError:
        raise PaginationError(
            operation_id,
            f"header {spec.header} is {text[:80]!r}, not the {spec.key_type} that parameter "
            f"{spec.param!r} takes",
        ) from None


def iter_pages(
    client: SyncApiClient,
    op: Operation[Any],
    args: Mapping[str, Any],
    *,
    max_items: int | None = None,
    max_pages: int | None = None,
    timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
) -> Iterator[Page[Any, Any]]:
    """Pages of `op` called with `args`, the first from `args` as given."""
    cursor = _Cursor(op, args, max_items, max_pages)
    while cursor.wants_more():
        yield cursor.page(client.request_raw(op, cursor.args, timeout=timeout))


def iter_items(
    client: SyncApiClient,
    op: Operation[Any],
    args: Mapping[str, Any],
    *,
    max_items: int | None = None,
    max_pages: int | None = None,
    timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
) -> Iterator[Any]:
    """The items of every page, in order."""
    for page in iter_pages(
        client, op, args, max_items=max_items, max_pages=max_pages, timeout=timeout
    ):
        yield from page.items


async def aiter_pages(
    client: AsyncApiClient,
    op: Operation[Any],
    args: Mapping[str, Any],
    *,
    max_items: int | None = None,
    max_pages: int | None = None,
    timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
) -> AsyncIterator[Page[Any, Any]]:
    """The async twin of `iter_pages`."""
    cursor = _Cursor(op, args, max_items, max_pages)
    while cursor.wants_more():
        yield cursor.page(await client.request_raw(op, cursor.args, timeout=timeout))


async def aiter_items(
    client: AsyncApiClient,
    op: Operation[Any],
    args: Mapping[str, Any],
    *,
    max_items: int | None = None,
    max_pages: int | None = None,
    timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
) -> AsyncIterator[Any]:
    """The async twin of `iter_items`."""
    async for page in aiter_pages(
        client, op, args, max_items=max_items, max_pages=max_pages, timeout=timeout
    ):
        for item in page.items:
            yield item
