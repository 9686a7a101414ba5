"""Every column that may hold a person's Slack user id is handled by `my data` and `forget me`."""

from __future__ import annotations

import re

from storage.models import Base
from storage.rights import PERSON_COLUMNS

# Names that hold (or may hold) a Slack user id; a new table with such a column must be listed in PERSON_COLUMNS.
PERSON_NAME = re.compile(r"(user_id|users|_by|^owner$|^provider$|^left_out$|^channel$)$")


def test_every_column_naming_a_person_is_handled_by_export_and_forget() -> None:
    handled = {(spec.table, spec.column) for spec in PERSON_COLUMNS}
    named = {
        (table.name, column.name)
        for table in Base.metadata.tables.values()
        for column in table.columns
        if PERSON_NAME.search(column.name)
    }
    missing = sorted(named - handled)
    assert not missing, f"these columns may name a person but storage/rights.py does not handle them: {missing}"


def test_every_handled_column_exists() -> None:
    tables = Base.metadata.tables
    for spec in PERSON_COLUMNS:
        assert spec.column in tables[spec.table].c, f"{spec.table}.{spec.column} is gone"
