"""Checking an enterprise CSV row by row at national scale (a million rows), with the rules of
`EnterpriseCreate` and the import's own (tax code, sector, admin unit) unchanged.

Most cells of a large file repeat (labels, codes, dates) or are plain (digits, names without
control characters): those are read through memoised and direct checks that only accept what
`EnterpriseCreate` would accept and produce the same values. Anything else (a date in another
format, a number with a leading zero, a label nobody uses, a stray character) goes through
the model itself, so the problems reported and the values stored are the model's own. Duplicate
tax codes (inside the file and against the registry) and craft village references are checked
by the database over the staged rows (`repository.stage_*`), not in Python memory.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from pydantic import ValidationError

from kc_common import messages
from kc_common.db import new_id
from kc_common.errors import validation_field_error
from kc_common.exports import from_csv_text
from kc_common.schemas import business_today, text_problem
from kc_common.text import fold_fast, sort_key
from registry.enterprises import csv_io
from registry.enterprises.schemas import GENDERS, KINDS, SIZES, STATUSES, EnterpriseCreate
from registry.enterprises.tax_code import tax_code_error
from registry.reference.service import sector_section

ImportError_ = tuple[int | None, str, str, dict[str, Any]]
"""(row or None for the file, field, message key, params) of one import problem."""

# A failed import reports at most this many problems (the counts in its message are exact).
MAX_REPORTED = 1000

# The staged columns, in `repository.STAGE` order: the row number, whether the row passed the
# checks made while reading, then the enterprise's columns.
STAGED = (
    "row", "ok", "id", "tax_code", "name", "name_key", "search_text", "kind", "size", "sector_code",
    "sector_section", "admin_unit_code", "address", "established_on", "employees",
    "is_rural_industrial", "craft_village_id", "owner_gender", "owner_ethnic_minority", "phone",
    "email", "status",
)  # fmt: skip
# PostgreSQL: the same without the id (the database makes it: repository.CHUNK)
STAGED_WITHOUT_ID = tuple(c for c in STAGED if c != "id")
_DATA = STAGED[7:]  # the model's fields after tax_code, name (its key and search_text), in order
_data_of = itemgetter(*_DATA)

_DEFAULTS: dict[str, Any] = {
    name: info.get_default(call_default_factory=True)
    for name, info in EnterpriseCreate.model_fields.items()
    if not info.is_required()
}

# Values the model takes as they are (normalised cells: stripped, never empty).
_TAX_LIKE = re.compile(r"[0-9-]{1,32}")
_ADMIN_UNIT = re.compile(r"[0-9]{2,10}")
_SECTOR = re.compile(r"[0-9A-Z]{1,5}")
_PHONE = re.compile(r"[0-9+() .-]{6,20}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_EMPLOYEES = re.compile(r"0|[1-9][0-9]{0,6}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FIRST_DAY, _LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)
_NOT = object()  # "the model must decide"


def _single_line(limit: int) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        ok = type(value) is str and len(value) <= limit and text_problem(value) is None
        return value if ok else _NOT

    return check


def _pattern(pattern: re.Pattern[str]) -> Callable[[Any], Any]:
    return lambda value: value if type(value) is str and pattern.fullmatch(value) else _NOT


def _one_of(choices: Iterable[str]) -> Callable[[Any], Any]:
    allowed = frozenset(choices)
    return lambda value: value if type(value) is str and value in allowed else _NOT


def _address(value: Any) -> Any:
    ok = type(value) is str and len(value) <= 500
    return value if ok and text_problem(value, multiline=True) is None else _NOT


def _established_on(value: Any) -> Any:
    if type(value) is str and _ISO_DATE.fullmatch(value):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return _NOT
    ok = type(value) is date and _FIRST_DAY <= value <= min(_LAST_DAY, business_today())
    return value if ok else _NOT


def _employees(value: Any) -> Any:
    if type(value) is str and _EMPLOYEES.fullmatch(value) and int(value) <= 1_000_000:
        return int(value)
    return _NOT


def _flag(value: Any) -> Any:
    return value if type(value) is bool else _NOT


def _village(value: Any) -> Any:
    return uuid.UUID(value) if type(value) is str and _UUID.fullmatch(value) else _NOT


def _email(value: Any) -> Any:
    ok = type(value) is str and value.isascii() and len(value) <= 254 and _EMAIL.fullmatch(value)
    return value if ok and text_problem(value) is None else _NOT


# field → the value `EnterpriseCreate` would hold for this normalised cell, or _NOT.
_DIRECT: dict[str, Callable[[Any], Any]] = {
    "tax_code": _pattern(_TAX_LIKE),
    "name": _single_line(255),
    "kind": _one_of(KINDS),
    "size": _one_of(SIZES),
    "sector_code": _pattern(_SECTOR),
    "admin_unit_code": _pattern(_ADMIN_UNIT),
    "address": _address,
    "established_on": _established_on,
    "employees": _employees,
    "is_rural_industrial": _flag,
    "craft_village_id": _village,
    "owner_gender": _one_of(GENDERS),
    "owner_ethnic_minority": _flag,
    "phone": _pattern(_PHONE),
    "email": _email,
    "status": _one_of(STATUSES),
}
assert set(_DIRECT) == set(EnterpriseCreate.model_fields)
# Cells worth remembering: few distinct values, each costly to read (labels fold, dates parse).
_MEMO_FIELDS = frozenset(
    ("kind", "size", "status", "owner_gender", "is_rural_industrial", "owner_ethnic_minority",
     "established_on", "sector_code", "admin_unit_code")
)  # fmt: skip
_MEMO_LIMIT = 20_000
# A cell that is not a date, in the API's words (which name YYYY-MM-DD)
_DATE_PROBLEMS = frozenset(
    ("validation.date_parsing", "validation.date_from_datetime_parsing", "validation.date_type")
)
_REQUIRED = frozenset(("tax_code", "name", "kind", "admin_unit_code"))


def search_text(name: str) -> str:
    """The folded name a search matches fragments of (a tax code is matched on its own column,
    by prefix: repository.search_condition)."""
    return fold_fast(name)[:300]


def direct_values(values: dict[str, Any]) -> dict[str, Any] | None:
    """`EnterpriseCreate.model_validate(values).model_dump()` when every value is one the model
    takes as it is, else None (the caller asks the model)."""
    if not values.keys() >= _REQUIRED:
        return None
    data = dict(_DEFAULTS)
    for name, value in values.items():
        checked = _DIRECT[name](value)
        if checked is _NOT:
            return None
        data[name] = checked
    return data


@dataclass
class Checked:
    """What reading a file found: staged rows come out of `RowChecker.rows`; problems here."""

    rows: int = 0  # data rows read (blank lines skipped)
    problems: int = 0
    unstaged_bad_rows: int = 0  # rows refused before staging (cells, model, tax code)
    errors: list[ImportError_] = field(default_factory=list)  # the first MAX_REPORTED

    def add(self, error: ImportError_) -> None:
        self.problems += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append(error)


class RowChecker:
    """Reads data rows into staged tuples (see STAGED); every row that cannot be staged or is
    staged with `ok` false leaves its problems in `found`. `ids`: whether the staged rows carry
    new ids (STAGED; False: STAGED_WITHOUT_ID, the database makes them)."""

    def __init__(
        self,
        fields: list[str | None],
        sectors: dict[str, str],
        admin_units: dict[str, date | None],
        *,
        max_rows: int,
        too_many: Callable[[], Exception],
        admin_unit_error: Callable[..., tuple[str, dict[str, Any]] | None],
        ids: bool = True,
    ) -> None:
        # (index, field, memo of cell → (normalised, direct value) or None, direct check)
        self.columns: list[tuple[int, str, dict[str, Any] | None, Callable[[Any], Any]]] = [
            (i, f, {} if f in _MEMO_FIELDS else None, _DIRECT[f]) for i, f in enumerate(fields) if f
        ]
        self.width = len(fields)
        self.sectors = sectors
        self.admin_units = admin_units
        self.max_rows = max_rows
        self.too_many = too_many
        self.admin_unit_error = admin_unit_error
        self.ids = ids
        self.found = Checked()
        self._sections: dict[str, str | None] = {}
        self._units: dict[tuple[str, date | None], tuple[str, dict[str, Any]] | None] = {}

    def rows(self, records: Iterable[tuple[int, list[str]]]) -> Iterator[tuple[Any, ...]]:
        """Staged tuples for the (row number, cells) read; blank rows are skipped."""
        found = self.found
        row = self._row
        for number, cells in records:
            if not (cells and cells[0].strip()) and not any(c.strip() for c in cells):
                continue
            found.rows += 1
            if found.rows > self.max_rows:
                raise self.too_many()
            staged = row(number, cells)
            if staged is not None:
                yield staged

    def _row(self, number: int, cells: list[str]) -> tuple[Any, ...] | None:
        found = self.found
        count = len(cells)
        if count > self.width:
            params = {"cells": count, "columns": self.width}
            found.add((number, "row", "registry.import_cells", params))
            found.unstaged_bad_rows += 1
            return None
        # the cells as `csv_io.normalize` reads them, and the model's values when direct
        values: dict[str, Any] = {}
        data = dict(_DEFAULTS)
        direct = True
        for i, name, memo, check in self.columns:
            if i >= count:
                break
            cell = cells[i]
            if memo is None:  # free text: `normalize` strips and undoes the export's `'`
                value = cell.strip()
                if value[:1] == "'":
                    value = from_csv_text(value)
                if not value:
                    continue
                checked = check(value)
            else:
                known = memo.get(cell)
                if known is None:
                    normalised = csv_io.normalize(name, cell)
                    known = (normalised, _NOT if normalised is None else check(normalised))
                    if len(memo) < _MEMO_LIMIT:
                        memo[cell] = known
                value, checked = known
                if value is None:
                    continue
            values[name] = value
            if checked is _NOT:
                direct = False
            else:
                data[name] = checked
        if not direct or not values.keys() >= _REQUIRED:
            try:
                data = EnterpriseCreate.model_validate(values).model_dump()
            except ValidationError as exc:
                lang = messages.current_language()
                for e in exc.errors():
                    where = ".".join(str(p) for p in e["loc"]) or "row"
                    problem = validation_field_error(e, lang)
                    said: dict[str, Any] = dict(problem.params or {})
                    if "expected" in said and (labels := csv_io.expected_labels(where)):
                        # the file's words (`Doanh nghiệp`), not the API's codes (`enterprise`)
                        said["expected"] = labels
                    key = problem.code or problem.message
                    if key in _DATE_PROBLEMS:  # a file writes its dates its own way
                        key = "registry.import_date"
                    found.add((number, where, key, said))
                found.unstaged_bad_rows += 1
                return None
        code = data["tax_code"]
        if error := tax_code_error(code, data["kind"]):
            found.add((number, "tax_code", *error))
            # the row's other problems are reported with it, as before
            self._references(number, data)
            found.unstaged_bad_rows += 1
            return None
        ok = self._references(number, data)  # a staged row's problems: counted by SQL
        name, rest = data["name"], _data_of(data)
        if self.ids:
            return (number, ok, new_id(), code, name, sort_key(name), search_text(name), *rest)
        return (number, ok, code, name, sort_key(name), search_text(name), *rest)

    def _references(self, number: int, data: dict[str, Any]) -> bool:
        """Sets data["sector_section"]; reports an unknown sector or admin unit."""
        ok = True
        sector = data["sector_code"]
        data["sector_section"] = None
        if sector:
            section = self._sections.get(sector, _NOT)
            if section is _NOT:
                section = self._sections[sector] = sector_section(sector, self.sectors)
            data["sector_section"] = section
            if section is None:
                self.found.add((number, "sector_code", "registry.unknown_sector", {"code": sector}))
                ok = False
        key = (data["admin_unit_code"], data["established_on"])
        if key in self._units:
            problem = self._units[key]
        else:
            problem = self.admin_unit_error(*key, self.admin_units)
            if len(self._units) < _MEMO_LIMIT:
                self._units[key] = problem
        if problem is not None:
            self.found.add((number, "admin_unit_code", *problem))
            ok = False
        return ok
