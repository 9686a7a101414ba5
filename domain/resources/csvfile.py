"""Moving a library in and out as CSV: one row per entry, bad rows reported by line and skipped.

The `helpful` column is a count. Votes in peerbot belong to members (one each), and a file can't say
who voted, so an imported count is carried over as a number: it shows and ranks like votes, and
members' own Helpful clicks add to it (someone who voted in the old library may vote once more here).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TextIO

from sqlalchemy.orm import Session

from domain.errors import InvalidInput, PeerbotError
from domain.resources.library import DuplicateLink, ResourceDraft, add_resource, split_labels
from domain.spreadsheet import SpreadsheetWriter, unguard_cell
from storage import resources as resource_store
from storage.models import Network, ResourceKind

COLUMNS = ("title", "link", "description", "states", "topics", "tags", "kind", "shared_by", "created_at", "helpful")
REQUIRED = ("title", "link")
HELPFUL_MAX = 1_000_000


@dataclass
class ImportReport:
    imported: int = 0
    helpful_votes: int = 0  # carried over from the file as counts, not tied to members
    problems: list[str] = field(default_factory=list)


def export_library(session: Session, *, network: Network, out: TextIO) -> int:
    writer = SpreadsheetWriter(out)  # a title like `=HYPERLINK(…)` stays text in a spreadsheet
    writer.writerow(COLUMNS)
    rows = resource_store.all_resources(session, network_id=network.id)
    for r in rows:
        writer.writerow(
            (
                r.title,
                r.url,
                r.description,
                "; ".join(r.state_codes),
                "; ".join(r.topic_names),
                "; ".join(r.tag_names),
                r.kind.value,
                r.shared_by,
                r.created_at.isoformat(),
                r.helpful_votes,
            )
        )
    return len(rows)


def _when(text: str, default: datetime) -> datetime:
    if not text.strip():
        return default
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(
            {"created_at": f"`{text}` isn't a date like 2026-01-31 or 2026-01-31T09:00:00+00:00."}
        ) from exc
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _helpful(text: str) -> int:
    raw = text.strip()
    if not raw:
        return 0
    if not (raw.isascii() and raw.isdigit()) or int(raw) > HELPFUL_MAX:
        raise InvalidInput({"helpful": f"helpful should be a count of votes like 3 (it is `{raw[:20]}`)."})
    return int(raw)


def import_library(session: Session, *, network: Network, rows: TextIO, now: datetime) -> ImportReport:
    """Add every good row (topics missing from the list are added to it); report the others by line number."""
    reader = csv.DictReader(rows)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise PeerbotError(f"The first line must name the columns; missing: {', '.join(missing)}.")
    reader.fieldnames = header
    report = ImportReport()
    previous_end = reader.line_num
    for row in reader:
        line, previous_end = previous_end + 1, reader.line_num  # where the row starts, even if a field spans lines
        # Undo the formula guard peerbot's own export adds, so an exported library reads back as it was.
        values = {k: unguard_cell(v or "") for k, v in row.items() if isinstance(k, str) and isinstance(v, str)}
        draft = ResourceDraft(
            title=values.get("title", ""),
            url=values.get("link", ""),
            description=values.get("description", ""),
            states=tuple(s.upper() for s in split_labels(values.get("states", "").replace(" ", ","))),
            topics=split_labels(values.get("topics")),
            tags=split_labels(values.get("tags")),
            kind=values.get("kind") or ResourceKind.OTHER.value,
        )
        shared_by = values.get("shared_by", "").strip() or network.created_by
        if len(shared_by) > 32:
            report.problems.append(f"line {line}: shared_by should be a Slack user ID like U012ABCDEF")
            continue
        try:
            with session.begin_nested():
                created = _when(values.get("created_at", ""), now)
                helpful = _helpful(values.get("helpful", ""))
                resource = add_resource(
                    session,
                    network=network,
                    draft=draft,
                    by_user=shared_by,
                    now=created,
                    create_topics=True,
                )
        except InvalidInput as exc:
            report.problems.append(f"line {line}: {'; '.join(exc.errors.values())}")
            continue
        except DuplicateLink as dup:
            report.problems.append(f"line {line}: the link is already in the library as “{dup.existing.title}”")
            continue
        resource.helpful_votes = helpful
        session.flush()
        report.imported += 1
        report.helpful_votes += helpful
    return report
