"""The IR's page-iterator facts (what the client templates print for ``iter_*`` methods)."""

from __future__ import annotations

from generator import ir
from generator.pipeline import ROOT, load_venues


def venues() -> dict[str, ir.Venue]:
    return {venue.id: venue for venue in load_venues(ROOT / "specs")}


def operation(venue: ir.Venue, operation_id: str) -> ir.Operation:
    return next(op for op in venue.operations if op.id == operation_id)


def test_page_number_iterator_of_derive() -> None:
    derive = venues()["derive"]
    op = operation(derive, "get_orders")
    assert op.pagination.iterator == "iter_orders"
    assert derive.page_item_model(op) == "Order"
    assert op.items_attribute == ".orders"
    names = [p.py_name for p in op.iterator_parameters]
    assert names == ["subaccount_id", "instrument_name", "label", "page_size", "status"]
    assert derive.models_for([op]) == ["GetOrdersResult", "Order"]
    assert "``/pagination/num_pages``" in op.pagination.description


def test_limit_offset_iterator_over_a_bare_list() -> None:
    synthetix = venues()["synthetix"]
    op = next(op for op in synthetix.operations if op.pagination.kind == "limit_offset")
    assert synthetix.page_item_model(op) == op.response_model
    assert op.items_attribute == ""
    assert op.pagination.offset_param not in {p.wire_name for p in op.iterator_parameters}
    assert op.pagination.limit_param in {p.wire_name for p in op.iterator_parameters}
    assert "comes back short" in op.pagination.description


def test_unpaginated_operations_need_no_extra_models() -> None:
    bitso = venues()["bitso"]
    assert bitso.models_for(list(bitso.operations)) == sorted(
        {op.response_model for op in bitso.operations}
    )
