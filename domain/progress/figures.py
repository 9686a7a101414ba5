"""Figures of network progress: pure functions over rows already loaded, for the roadmap, App Home and reports.

None of these functions touches a session or Slack; each takes the rows a caller loaded
(``storage.progress``) and returns plain dicts and dataclasses, so the evaluation report,
App Home and the roadmap message compute the same numbers from the same rows.

Conventions every figure shares:
- a withdrawn entry is not passed in (storage leaves it out), so it never counts;
- a team's stage at a moment is its latest report at or before that moment, on that area;
  a team with no report yet is "not started";
- a collaboration is *confirmed* when at least one member it names confirmed it, or when it
  names no members at all (only states or agencies outside the network, who cannot be asked);
  a member who declined is left out of every pair.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.progress.teams import STAGE_ORDER, Stage
from storage.models import ChangeMade, Collaboration, CollaborationPartner, PriorityArea, ProgressReport, TaNeed

CONFIRMED, PENDING, DECLINED = "confirmed", "pending", "declined"


@dataclass(frozen=True)
class TeamStage:
    """A team's latest stage on one area, the stage of its report before that (None if first), and when."""

    team_key: str
    team_label: str
    stage: Stage
    previous: Stage | None
    reported_at: datetime
    note: str

    @property
    def change(self) -> int:
        """Steps moved since the previous report (0 for a first report)."""
        return 0 if self.previous is None else STAGE_ORDER[self.stage] - STAGE_ORDER[self.previous]


def latest_by_team(reports: Iterable[ProgressReport]) -> dict[int, list[TeamStage]]:
    """Per area id, each team's latest stage and change since its previous report, teams by label."""
    history: dict[tuple[int, str], list[ProgressReport]] = defaultdict(list)
    for report in sorted(reports, key=lambda r: (r.reported_at, r.id)):
        history[(report.area_id, report.team_key)].append(report)
    result: dict[int, list[TeamStage]] = defaultdict(list)
    for (area_id, team_key), rows in history.items():
        last = rows[-1]
        previous = Stage(rows[-2].stage) if len(rows) > 1 else None
        result[area_id].append(
            TeamStage(team_key, last.team_label, Stage(last.stage), previous, last.reported_at, last.note)
        )
    return {area: sorted(teams, key=lambda t: (t.team_label.lower(), t.team_key)) for area, teams in result.items()}


def stage_at(reports: Iterable[ProgressReport], *, area_id: int, team_key: str, moment: datetime) -> Stage:
    """A team's stage on an area at a moment: its latest report by then, else not started."""
    before = [r for r in reports if r.area_id == area_id and r.team_key == team_key and r.reported_at <= moment]
    if not before:
        return Stage.NOT_STARTED
    return Stage(max(before, key=lambda r: (r.reported_at, r.id)).stage)


def movement(reports: Sequence[ProgressReport], *, start: datetime, end: datetime) -> dict[int, int]:
    """Per area id, the steps all teams moved between ``start`` and ``end`` (stage at end minus stage at start)."""
    teams = {(r.area_id, r.team_key) for r in reports}
    moved: Counter[int] = Counter()
    for area_id, team_key in teams:
        after = stage_at(reports, area_id=area_id, team_key=team_key, moment=end)
        before = stage_at(reports, area_id=area_id, team_key=team_key, moment=start)
        moved[area_id] += STAGE_ORDER[after] - STAGE_ORDER[before]
    return dict(moved)


def most_moved(
    reports: Sequence[ProgressReport], areas: Sequence[PriorityArea], *, start: datetime, end: datetime
) -> PriorityArea | None:
    """The area that moved forward most in the period (the first listed on a tie); None when none moved forward."""
    moved = movement(reports, start=start, end=end)
    best: PriorityArea | None = None
    for area in areas:
        if moved.get(area.id, 0) > 0 and (best is None or moved[area.id] > moved[best.id]):
            best = area
    return best


def progress_over_time(
    reports: Sequence[ProgressReport], *, area_ids: Sequence[int], moments: Sequence[datetime]
) -> dict[int, list[dict[Stage, int]]]:
    """Per area id, for each moment, how many teams were at each stage (teams that ever reported on the area)."""
    result: dict[int, list[dict[Stage, int]]] = {}
    for area_id in area_ids:
        teams = sorted({r.team_key for r in reports if r.area_id == area_id})
        series = []
        for moment in moments:
            counts = dict.fromkeys(Stage, 0)
            for team in teams:
                counts[stage_at(reports, area_id=area_id, team_key=team, moment=moment)] += 1
            series.append(counts)
        result[area_id] = series
    return result


def needs_by_state_and_status(needs: Iterable[TaNeed]) -> dict[str, dict[str, int]]:
    """Per state code, how many TA needs are at each status (only statuses that occur)."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for need in needs:
        table[need.state][need.status] += 1
    return {state: dict(counts) for state, counts in sorted(table.items())}


def needs_by_status(needs: Iterable[TaNeed]) -> dict[str, int]:
    return dict(Counter(need.status for need in needs))


def collaboration_status(collaboration: Collaboration, partners: Sequence[CollaborationPartner]) -> str:
    """confirmed, pending (nobody named has confirmed yet) or declined (everyone named declined)."""
    return _status([p for p in partners if p.collaboration_id == collaboration.id])


def _status(mine: Sequence[CollaborationPartner]) -> str:
    if not mine or any(p.status == CONFIRMED for p in mine):
        return CONFIRMED
    if all(p.status == DECLINED for p in mine):
        return DECLINED
    return PENDING


def _by_collaboration(partners: Iterable[CollaborationPartner]) -> dict[int, list[CollaborationPartner]]:
    grouped: dict[int, list[CollaborationPartner]] = defaultdict(list)
    for partner in partners:
        grouped[partner.collaboration_id].append(partner)
    return grouped


def confirmed_collaborations(
    collaborations: Iterable[Collaboration], partners: Iterable[CollaborationPartner]
) -> list[Collaboration]:
    """The collaborations that count: those ``collaboration_status`` calls confirmed (partners grouped once)."""
    grouped = _by_collaboration(partners)
    return [c for c in collaborations if _status(grouped.get(c.id, [])) == CONFIRMED]


def collaborations_by_kind(
    collaborations: Iterable[Collaboration], partners: Sequence[CollaborationPartner]
) -> dict[str, int]:
    """Per kind, how many confirmed collaborations were logged."""
    return dict(Counter(c.kind for c in confirmed_collaborations(collaborations, partners)))


def collaboration_matrix(
    collaborations: Iterable[Collaboration],
    partners: Sequence[CollaborationPartner],
    *,
    team_of_user: Mapping[str, str],
) -> dict[tuple[str, str], int]:
    """Confirmed collaborations between teams: {(team, other team): count}, both orders, never a team with itself.

    Teams are the labels ``team_of_user`` gives the logger and each member who confirmed; a
    state or agency outside the network counts under the name typed. Each collaboration counts
    once per pair of teams however many people of those teams took part.
    """
    matrix: Counter[tuple[str, str]] = Counter()
    grouped = _by_collaboration(partners)
    for collaboration in confirmed_collaborations(collaborations, partners):
        teams = {team_of_user.get(collaboration.logged_by, collaboration.logged_by)}
        teams |= {
            team_of_user.get(p.user_id, p.user_id) for p in grouped.get(collaboration.id, []) if p.status == CONFIRMED
        }
        teams |= {name for name in collaboration.outside.split("\n") if name}
        for a in teams:
            for b in teams:
                if a != b:
                    matrix[(a, b)] += 1
    return dict(matrix)


def changes_by_kind(changes: Iterable[ChangeMade]) -> dict[str, int]:
    """Per kind (practice, policy, program), how many changes members recorded."""
    return dict(Counter(change.kind for change in changes))
