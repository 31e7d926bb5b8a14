"""The row schema: each field of a ledger row declared once, every format derived from it.

A `Field` names one attribute of a row (a `Record`, a `Reference`, a `Marker`, a `Link`), its
`FieldType` (how the value is written in JSON, in a CSV cell, as an Arrow type and in a
spreadsheet cell), a one-line doc and the views that show it. A `Schema` is the ordered tuple of
a row type's fields; `to_dict` (JSON, JSON Lines, Parquet), the CSV/TSV columns and flat rows,
the Parquet schema, the workbook's sheets and the diff writer all read it. The order of the
declaration is the CSV/TSV and Parquet column order; `orders` keeps the order of a view whose
columns came in another order before (JSON's keys, the workbook's columns), and a field an order
does not list comes after the ones it does.

A new field is one `Field` in its row type's schema (and the attribute on its dataclass).
`tests/test_schema.py` adds one and finds it in every format.

Imports nothing of claimtrace's: the data model (`ledger`, `citations`) declares its schemas
with it, and writers only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Any, Callable, Iterable

__all__ = [
    "ARROW", "BOOL", "DIFF", "DIFF_FLAT", "FLAT", "INT32", "INT64", "JSON", "OPTIONAL_INT32", "OPTIONAL_TEXT",
    "SCORE", "SHEET", "TEXT", "ENUM", "VIEWS", "Field", "FieldType", "Items", "List", "Schema", "Sheet",
]

# The views a field can show in.
JSON = "json"  # `to_dict()`: JSON, JSON Lines (and Parquet's values)
FLAT = "flat"  # CSV and TSV cells
ARROW = "arrow"  # the Parquet schema
SHEET = "sheet"  # the Excel workbook's sheet for the row type
DIFF = "diff"  # one side of a `claimtrace diff` change, in JSON
DIFF_FLAT = "diff_flat"  # `old_<name>`/`new_<name>` columns of `claimtrace diff` as CSV
VIEWS = frozenset({JSON, FLAT, ARROW, SHEET})  # what a field shows in unless it says otherwise


@dataclass(frozen=True)
class Sheet:
    """How the workbook shows a field: column width, cell style (`text`, `number`, `boolean`,
    `score`, `joined`, `lines`, or a link style the workbook writer knows), wrapped or not,
    and the column's title when it is not the field's name."""

    width: int = 12
    cell: str = ""  # "": the type's default
    wrap: bool = False
    title: str = ""


class FieldType:
    """How a value of one type is written in each format. Subclasses override what differs."""

    sheet_cell = "text"
    spreads = False  # written over several CSV columns (`flat_columns`, `flat_cells`)

    def json(self, value: Any) -> Any:
        return value

    def flat(self, value: Any) -> Any:
        return value

    def arrow(self, pa: Any) -> Any:
        return pa.string()

    def flat_columns(self, name: str) -> tuple[str, ...]:
        """The CSV columns of a field named `name` (one, unless the type spreads over several)."""
        return (name,)

    def flat_cells(self, name: str, value: Any) -> Iterable[tuple[str, Any]]:
        yield name, self.flat(value)

    def brief(self, value: Any) -> Any:
        """The value on one side of a diff (`DIFF`): its JSON form unless the type says shorter."""
        return self.json(value)


class _Text(FieldType):
    pass


class _OptionalText(FieldType):
    def flat(self, value: Any) -> Any:
        return value or ""


class _Int(FieldType):
    sheet_cell = "number"

    def __init__(self, bits: int, optional: bool = False):
        self.bits = bits
        self.optional = optional

    def flat(self, value: Any) -> Any:
        return (value or "") if self.optional else value

    def arrow(self, pa: Any) -> Any:
        return pa.int32() if self.bits == 32 else pa.int64()


class _Bool(FieldType):
    sheet_cell = "boolean"

    def flat(self, value: Any) -> Any:
        return "true" if value else "false"

    def arrow(self, pa: Any) -> Any:
        return pa.bool_()


class _Score(FieldType):
    """A probability or None (not judged): `0.8312` in CSV, a float in JSON."""

    sheet_cell = "score"

    def flat(self, value: Any) -> Any:
        return "" if value is None else f"{value:.4f}"

    def arrow(self, pa: Any) -> Any:
        return pa.float64()


class _Enum(FieldType):
    """A `str` enum member, written as its value."""

    def json(self, value: Any) -> Any:
        return value.value

    flat = json


class List(FieldType):
    """A tuple of ints or strings: a JSON list, one CSV cell joined by `sep` (`2;3;4`)."""

    sheet_cell = "joined"

    def __init__(self, of: str = "str", sep: str = ";"):
        self.of = of
        self.sep = sep

    def json(self, value: Any) -> Any:
        return list(value)  # a tuple

    def flat(self, value: Any) -> Any:
        return self.sep.join(map(str, value)) if value else ""

    def arrow(self, pa: Any) -> Any:
        return pa.list_(pa.int32() if self.of == "int" else pa.string())


class Items(FieldType):
    """A tuple of small records (markers, links) with their own `Schema`: a list of dicts in
    JSON, a list of structs in Arrow, and in CSV one `;`-joined column per item field that
    names a `column` (a marker's `raw` is the `markers` column, its `scope` `marker_scopes`)."""

    sheet_cell = "joined"
    spreads = True

    def __init__(self, schema: Callable[[], "Schema"], brief: str = ""):
        self._schema = schema  # a callable: the item class may be declared after its parent
        self._brief = brief

    @cached_property
    def schema(self) -> "Schema":
        return self._schema()

    @cached_property
    def _columns(self) -> tuple[Field, ...]:
        return tuple(f for f in self.schema.fields if f.column)

    def json(self, value: Any) -> Any:
        if not value:
            return []
        as_dict = self.schema.as_dict
        return [as_dict(item) for item in value]

    def arrow(self, pa: Any) -> Any:
        return pa.list_(pa.struct(self.schema.arrow_fields(pa)))

    def flat_columns(self, name: str) -> tuple[str, ...]:
        return tuple(f.column for f in self._columns)

    def flat_cells(self, name: str, value: Any) -> Iterable[tuple[str, Any]]:
        if not value:
            return [(f.column, "") for f in self._columns]
        out = []
        for f in self._columns:
            cells = [f.cell(item) for item in value]
            out.append((f.column, ";".join(cells) if not f.sparse or any(cells) else ""))
        return out

    def brief(self, value: Any) -> Any:
        """A diff shows an item by one field (a link by its URL)."""
        if not self._brief:
            return self.json(value)
        get = attrgetter(self._brief)
        return [get(item) for item in value]


TEXT = _Text()
OPTIONAL_TEXT = _OptionalText()
INT32 = _Int(32)
INT64 = _Int(64)  # character offsets
OPTIONAL_INT32 = _Int(32, optional=True)
BOOL = _Bool()
SCORE = _Score()
ENUM = _Enum()


@dataclass(frozen=True)
class Field:
    """One field of a row: declared once, read by every format.

    `views` says where it shows (`JSON`, `FLAT`, `ARROW`, `SHEET`, `DIFF`, `DIFF_FLAT`). An item
    field (of a `Marker`, a `Link`) that names a `column` is one `;`-joined CSV column of its
    parent (`cell` turns an item into its part of the cell; `sparse`: the cell is empty unless an
    item has a value).
    """

    name: str
    type: FieldType
    doc: str
    views: frozenset[str] = VIEWS
    sheet: Sheet = Sheet()
    column: str = ""
    cell: Callable[[Any], str] = str
    sparse: bool = False
    omit_empty: bool = False  # JSON: no key at all when the value is empty (a marker's `works`)

    def shows(self, view: str) -> bool:
        return view in self.views


def _ordered(fields: tuple[Field, ...], order: tuple[str, ...]) -> tuple[Field, ...]:
    by_name = {f.name: f for f in fields}
    unknown = [name for name in order if name not in by_name]
    if unknown:
        raise ValueError(f"an order names fields the schema does not declare: {unknown}")
    return tuple(by_name[name] for name in order) + tuple(f for f in fields if f.name not in order)


def _compiled(fields: tuple[Field, ...]) -> Callable[[Any], dict[str, Any]]:
    """`row -> {name: value}` for `fields`, made once as one dict display (as `dataclasses` makes
    its `__init__`): a generic loop costs a third more, and JSON output runs this once a row."""
    encoders = {f"_e{i}": f.type.json for i, f in enumerate(fields) if type(f.type).json is not FieldType.json}

    def value(i: int, f: Field) -> str:
        return f"_e{i}(row.{f.name})" if f"_e{i}" in encoders else f"row.{f.name}"

    if any(f.omit_empty for f in fields[: len(fields) - sum(f.omit_empty for f in fields)]):
        raise ValueError("a field left out when empty must come after every other field")
    items = ", ".join(f"{f.name!r}: {value(i, f)}" for i, f in enumerate(fields) if not f.omit_empty)
    body = f"    out = {{{items}}}\n"
    for i, f in enumerate(fields):
        if f.omit_empty:
            body += f"    if row.{f.name}:\n        out[{f.name!r}] = {value(i, f)}\n"
    namespace: dict[str, Any] = {}
    exec(f"def as_dict(row, {', '.join(f'{k}={k}' for k in encoders)}):\n{body}    return out", encoders, namespace)
    return namespace["as_dict"]


def _compiled_flat(fields: tuple[Field, ...]) -> Callable[[Any], dict[str, Any]]:
    """`row -> {column: cell}` for `fields`, made once like `_compiled`: CSV output runs it once
    a row, and a loop over the fields costs half as much again. A type that spreads over several
    columns adds its cells where it stands, so the keys come in the columns' order."""
    encoders: dict[str, Any] = {}
    lines = ["    out = {}"]
    for i, f in enumerate(fields):
        if f.type.spreads:
            encoders[f"_e{i}"] = f.type.flat_cells
            lines.append(f"    out.update(_e{i}({f.name!r}, row.{f.name}))")
        elif type(f.type).flat is FieldType.flat:
            lines.append(f"    out[{f.name!r}] = row.{f.name}")
        else:
            encoders[f"_e{i}"] = f.type.flat
            lines.append(f"    out[{f.name!r}] = _e{i}(row.{f.name})")
    namespace: dict[str, Any] = {}
    exec(f"def flat(row, {', '.join(f'{k}={k}' for k in encoders)}):\n" + "\n".join(lines) + "\n    return out",
         encoders, namespace)
    return namespace["flat"]


ALL_VIEWS = (JSON, FLAT, ARROW, SHEET, DIFF, DIFF_FLAT)


@dataclass(frozen=True)
class Schema:
    """A row type's fields, in declaration order (the CSV and Parquet order), and the derived
    forms every writer reads."""

    fields: tuple[Field, ...]
    orders: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a view's own key order
    # Fields a table takes from the document rather than the row (a reference's `doc`): before
    # the row's own fields unless an order places them; `as_dict` and `flat` leave them out.
    context: tuple[Field, ...] = ()
    _views: dict[str, tuple[Field, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _as_dict: Callable[[Any], dict[str, Any]] = field(default=dict, init=False, repr=False, compare=False)
    _flat: Callable[[Any], dict[str, Any]] = field(default=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"a field is declared twice: {names}")
        for view in ALL_VIEWS:
            ordered = _ordered(self.context + self.fields, self.orders.get(view, ()))
            self._views[view] = tuple(f for f in ordered if f.shows(view))
        own = [f for f in self._views[JSON] if f not in self.context]
        object.__setattr__(self, "_as_dict", _compiled(tuple(own)))
        object.__setattr__(self, "_flat", _compiled_flat(tuple(f for f in self._views[FLAT] if f not in self.context)))

    def in_view(self, view: str) -> tuple[Field, ...]:
        """The fields `view` shows, in its order (the context fields among them)."""
        return self._views[view]

    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def as_dict(self, row: Any) -> dict[str, Any]:
        """`row` as JSON shows it (the row type's `to_dict()`), without the context fields."""
        return self._as_dict(row)

    def columns(self) -> tuple[str, ...]:
        """The CSV/TSV header."""
        return tuple(c for f in self._views[FLAT] for c in f.type.flat_columns(f.name))

    def flat(self, row: Any) -> dict[str, Any]:
        """`row` as one CSV row: booleans `true`/`false`, lists joined with `;`, None empty; the
        context fields are the table's to add."""
        return self._flat(row)

    def arrow_fields(self, pa: Any) -> list[tuple[str, Any]]:
        """The Parquet columns: (name, Arrow type)."""
        return [(f.name, f.type.arrow(pa)) for f in self._views[ARROW]]

    def brief(self, row: Any) -> dict[str, Any]:
        """`row` as one side of a diff change (the `DIFF` fields)."""
        return {f.name: f.type.brief(getattr(row, f.name)) for f in self._views[DIFF]}
