"""Queries for networks and members; the only place that builds their SQL."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import and_, case, exists, func, insert, literal, or_, select, update
from sqlalchemy.orm import Session

from storage.models import Member, MembershipSpell, Network, Role
from storage.scope import in_workspace
from storage.upsert import insert_for


def get_network(session: Session, *, network_id: int) -> Network | None:
    return session.get(Network, network_id)


def get_network_by_channel(session: Session, *, team_id: str, channel_id: str) -> Network | None:
    return session.scalar(select(Network).where(Network.team_id == team_id, Network.home_channel_id == channel_id))


def get_network_by_channel_id(session: Session, *, channel_id: str) -> Network | None:
    """The network at home in a channel, whichever workspace installed it (a Slack Connect channel has one id)."""
    return session.scalars(select(Network).where(Network.home_channel_id == channel_id).order_by(Network.id)).first()


def memberships(session: Session, *, team_id: str, user_id: str) -> list[tuple[Network, Member]]:
    """The person's networks (on the roster or facilitating) with their member row, by name.

    ``team_id`` is the workspace a request came from: the network's own, or (Slack Connect) the
    person's organization, which names only networks whose shared channel they are in.
    """
    rows = session.execute(
        select(Network, Member)
        .join(Member, Member.network_id == Network.id)
        .where(
            Member.user_id == user_id,
            or_(
                and_(
                    Network.team_id == team_id,
                    or_(Member.in_channel.is_(True), Member.role == Role.FACILITATOR),
                ),
                and_(Member.org_team_id == team_id, Member.in_channel.is_(True)),
            ),
        )
        .order_by(Network.name, Network.id)
    ).all()
    return [(row[0], row[1]) for row in rows]


def host_team_of_guest(session: Session, *, org_team_id: str, user_id: str) -> str | None:
    """The workspace of a network whose shared channel the person of organization ``org_team_id`` is in."""
    return session.scalar(
        select(Network.team_id)
        .join(Member, Member.network_id == Network.id)
        .where(Member.user_id == user_id, Member.org_team_id == org_team_id, Member.in_channel.is_(True))
        .order_by(Network.id)
        .limit(1)
    )


def is_guest_in_workspace(session: Session, *, org_team_id: str, user_id: str, host_team_id: str) -> bool:
    """Whether the person of organization ``org_team_id`` is in the shared channel of a network of
    ``host_team_id`` (a guest there), rather than of some other workspace's network."""
    return (
        session.scalar(
            select(Member.user_id)
            .join(Network, Network.id == Member.network_id)
            .where(
                Member.user_id == user_id,
                Member.org_team_id == org_team_id,
                Member.in_channel.is_(True),
                Network.team_id == host_team_id,
            )
            .limit(1)
        )
        is not None
    )


def networks_for_user(session: Session, *, team_id: str, user_id: str) -> list[Network]:
    """Networks where the user is on the roster or is a facilitator."""
    return [network for network, _member in memberships(session, team_id=team_id, user_id=user_id)]


def all_networks(session: Session, *, team_id: str | None = None) -> Sequence[Network]:
    """The networks of workspace ``team_id`` (every workspace's for None)."""
    return session.scalars(select(Network).where(in_workspace(Network.team_id, team_id)).order_by(Network.id)).all()


def workspaces_with_networks(session: Session) -> list[str]:
    """The team ids of every workspace that has at least one network (the clock's per-workspace tasks)."""
    return list(session.scalars(select(Network.team_id).distinct().order_by(Network.team_id)))


def add_network(
    session: Session, *, team_id: str, channel_id: str, name: str, timezone: str, created_by: str, now: datetime
) -> Network:
    network = Network(
        team_id=team_id,
        home_channel_id=channel_id,
        name=name,
        timezone=timezone,
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )
    session.add(network)
    session.flush()
    return network


def get_member(session: Session, *, network_id: int, user_id: str) -> Member | None:
    return session.scalar(select(Member).where(Member.network_id == network_id, Member.user_id == user_id))


def members_of(session: Session, *, network_id: int) -> Sequence[Member]:
    """Everyone the network knows, on the roster today or not (the participant rule sorts them)."""
    return session.scalars(select(Member).where(Member.network_id == network_id).order_by(Member.id)).all()


def roster(session: Session, *, network_id: int) -> Sequence[Member]:
    """People currently in the home channel, by name."""
    return session.scalars(
        select(Member)
        .where(Member.network_id == network_id, Member.in_channel.is_(True))
        .order_by(func.lower(Member.display_name), Member.user_id)
    ).all()


def roster_user_ids(session: Session, *, network_id: int) -> set[str]:
    return set(
        session.scalars(select(Member.user_id).where(Member.network_id == network_id, Member.in_channel.is_(True)))
    )


def facilitator_ids(session: Session, *, network_id: int) -> set[str]:
    return set(
        session.scalars(select(Member.user_id).where(Member.network_id == network_id, Member.role == Role.FACILITATOR))
    )


def is_facilitator_of_any(session: Session, *, team_id: str, user_id: str) -> bool:
    found = session.scalar(
        select(Member.id)
        .where(Member.team_id == team_id, Member.user_id == user_id, Member.role == Role.FACILITATOR)
        .limit(1)
    )
    return found is not None


def upsert_member(
    session: Session,
    *,
    network: Network,
    user_id: str,
    display_name: str,
    timezone: str | None,
    now: datetime,
    in_channel: bool | None = None,
    role: Role | None = None,
    org_team_id: str | None = None,
    org_name: str | None = None,
) -> None:
    """Create the member or refresh them, in one statement that two processes can race safely.

    ``in_channel`` / ``role`` of None leave an existing row's value alone (a new row
    gets ``False`` / ``Role.MEMBER``).
    """
    values = {
        "team_id": network.team_id,
        "network_id": network.id,
        "user_id": user_id,
        "display_name": display_name,
        "timezone": timezone,
        "role": role or Role.MEMBER,
        "in_channel": bool(in_channel),
        "dm_reminders": True,
        "joined_at": now,
        "left_at": None,
        "updated_at": now,
        "org_team_id": org_team_id,
        "org_name": org_name,
    }
    changes: dict[str, object] = {"display_name": display_name, "timezone": timezone, "updated_at": now}
    if org_team_id is not None:
        changes["org_team_id"] = org_team_id
        changes["org_name"] = org_name
    if in_channel is True:
        changes["in_channel"] = True
        changes["left_at"] = None
    elif in_channel is False:
        changes["in_channel"] = False
    if role is not None:
        changes["role"] = role
    statement = insert_for(session, Member.__table__).values(values)
    statement = statement.on_conflict_do_update(index_elements=["network_id", "user_id"], set_=changes)
    session.execute(statement)
    # A Core upsert bypasses the identity map: make a loaded copy of this member reload.
    for loaded in list(session.identity_map.values()):
        if isinstance(loaded, Member) and loaded.network_id == network.id and loaded.user_id == user_id:
            session.expire(loaded)


def mark_left(session: Session, *, network_id: int, user_ids: Iterable[str], now: datetime) -> int:
    ids = list(user_ids)
    if not ids:
        return 0
    result = session.execute(
        update(Member)
        .where(Member.network_id == network_id, Member.user_id.in_(ids), Member.in_channel.is_(True))
        .values(in_channel=False, left_at=now, updated_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def refresh_person(
    session: Session, *, team_id: str, user_id: str, display_name: str, timezone: str | None, now: datetime
) -> int:
    """Apply a changed Slack name or time zone to every network the person belongs to."""
    result = session.execute(
        update(Member)
        .where(Member.team_id == team_id, Member.user_id == user_id)
        .values(display_name=display_name, timezone=timezone, updated_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def display_names(session: Session, *, network_id: int, user_ids: Iterable[str]) -> dict[str, str]:
    """Roster names of these people (those never on the roster are left out)."""
    wanted = set(user_ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Member.user_id, Member.display_name).where(Member.network_id == network_id, Member.user_id.in_(wanted))
    ).all()
    return {user_id: name for user_id, name in rows if name}


# ---- roster history ----------------------------------------------------------------------------
def open_spell(session: Session, *, network_id: int, user_id: str, now: datetime) -> bool:
    """Start a membership spell unless one is already open; True if one was started."""
    still_open = exists().where(
        MembershipSpell.network_id == network_id,
        MembershipSpell.user_id == user_id,
        MembershipSpell.left_at.is_(None),
    )
    source = select(literal(network_id), literal(user_id), literal(now, type_=MembershipSpell.joined_at.type)).where(
        ~still_open
    )
    result = session.execute(insert(MembershipSpell).from_select(["network_id", "user_id", "joined_at"], source))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def close_spells(session: Session, *, network_id: int, user_ids: Iterable[str], now: datetime) -> int:
    ids = list(user_ids)
    if not ids:
        return 0
    result = session.execute(
        update(MembershipSpell)
        .where(
            MembershipSpell.network_id == network_id,
            MembershipSpell.user_id.in_(ids),
            MembershipSpell.left_at.is_(None),
        )
        .values(left_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def roster_sizes_at(session: Session, *, network_id: int, instants: Sequence[datetime]) -> dict[datetime, int]:
    """How many people were on the roster at each instant, in one statement."""
    if not instants:
        return {}
    columns = [
        func.count(
            func.distinct(
                case(
                    (
                        and_(
                            MembershipSpell.joined_at <= at,
                            or_(MembershipSpell.left_at.is_(None), MembershipSpell.left_at > at),
                        ),
                        MembershipSpell.user_id,
                    )
                )
            )
        ).label(f"n{i}")
        for i, at in enumerate(instants)
    ]
    row = session.execute(select(*columns).where(MembershipSpell.network_id == network_id)).one()
    return {at: int(row[i] or 0) for i, at in enumerate(instants)}


def members_at(session: Session, *, network_id: int, at: datetime) -> set[str]:
    """Who was on the roster at one instant."""
    return set(
        session.scalars(
            select(MembershipSpell.user_id).where(
                MembershipSpell.network_id == network_id,
                MembershipSpell.joined_at <= at,
                or_(MembershipSpell.left_at.is_(None), MembershipSpell.left_at > at),
            )
        )
    )


def spells(session: Session, *, network_id: int) -> list[tuple[str, datetime, datetime | None]]:
    """Every membership spell of the network: (user id, joined, left or None)."""
    rows = session.execute(
        select(MembershipSpell.user_id, MembershipSpell.joined_at, MembershipSpell.left_at).where(
            MembershipSpell.network_id == network_id
        )
    )
    return [(user_id, joined, left) for user_id, joined, left in rows]


def roster_moves(session: Session, *, network_id: int, since: datetime) -> tuple[int, int]:
    """Spells started and ended since ``since``: joins and leaves (someone returning counts again)."""
    row = session.execute(
        select(
            func.count(case((MembershipSpell.joined_at >= since, 1))),
            func.count(case((MembershipSpell.left_at >= since, 1))),
        ).where(MembershipSpell.network_id == network_id)
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def networks_with_home(session: Session, *, channel_id: str) -> list[Network]:
    """Every network whose home is this channel (any workspace's): what the CLI's `--channel` names."""
    return list(session.scalars(select(Network).where(Network.home_channel_id == channel_id)))
