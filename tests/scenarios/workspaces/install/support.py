"""Two workspaces that install peerbot through its OAuth pages, and what an installer's browser does."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlencode

from sqlalchemy import select

from bot.config import OAuthApp, Settings
from rendering.meetings.ids import MeetingCallback
from slackio.workspaces import slack_store_metadata
from storage.db import SessionFactory
from storage.models import Network
from tests.scenarios.meetings.steps import form_values
from tests.slackstub import SlackStub
from tests.support.factories.network import setup_values
from tests.support.harness import PeerbotUnderTest, Response

CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "c0ffee00c0ffee00c0ffee00c0ffee00"


@dataclass(frozen=True)
class Workspace:
    team_id: str
    name: str
    bot_user_id: str
    facilitator: str
    member: str
    home: str


STATE_A = Workspace("T0STATEA", "State <A> & Co", "UBOTA", "UFACA", "UANNA", "CHOMEA")
STATE_B = Workspace("T0STATEB", "State B", "UBOTB", "UFACB", "UBEA", "CHOMEB")
WORKSPACES = (STATE_A, STATE_B)
FACILITATORS = frozenset(w.facilitator for w in WORKSPACES)


def oauth_settings(settings: Settings) -> Settings:
    from dataclasses import replace

    return replace(settings, bot_token="", oauth=OAuthApp(CLIENT_ID, CLIENT_SECRET), facilitators=FACILITATORS)


def add_workspaces(slack: SlackStub) -> None:
    """The Slack app's credentials, and two workspaces (each a facilitator, a member, a home channel)."""
    slack.set_oauth_app(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    for w in WORKSPACES:
        slack.add_workspace(w.team_id, name=w.name, bot_user_id=w.bot_user_id, installer=w.facilitator)
        slack.add_user(w.facilitator, display_name=f"Fac {w.team_id}", tz="America/Chicago", workspace=w.team_id)
        slack.add_user(w.member, display_name=f"Member {w.team_id}", workspace=w.team_id)
        slack.add_channel(
            w.home, name=f"network-{w.team_id.lower()}", members=[w.facilitator, w.member], team_id=w.team_id
        )


def start_install(peerbot: PeerbotUnderTest) -> tuple[Response, str, str]:
    """GET /slack/install: the page, the authorize URL it links to, and the state cookie it set."""
    page = peerbot.request("GET", "/slack/install")
    assert page.status == 200, page.text
    links = re.findall(r'href="([^"]+)"', page.text)
    authorize_url = unescape(next(link for link in links if link.startswith("https://slack.com/")))
    cookie = page.headers["set-cookie"].split(";", 1)[0]
    return page, authorize_url, cookie


def come_back(peerbot: PeerbotUnderTest, query: dict[str, str], cookie: str | None) -> Response:
    """Slack sends the installer's browser to /slack/oauth_redirect (with the cookie, if the browser has it)."""
    headers = {"Cookie": cookie} if cookie else {}
    return peerbot.request("GET", "/slack/oauth_redirect?" + urlencode(query), headers=headers)


def install(peerbot: PeerbotUnderTest, slack: SlackStub, workspace: Workspace) -> Response:
    _page, url, cookie = start_install(peerbot)
    return come_back(peerbot, slack.approve(url, team_id=workspace.team_id), cookie)


def bot_tokens(session_factory: SessionFactory) -> dict[str, str]:
    """Workspace -> the bot token peerbot keeps for it (slack_sdk's slack_bots table)."""
    bots = slack_store_metadata().tables["slack_bots"]
    with session_factory() as session:
        return {row.team_id: row.bot_token for row in session.execute(select(bots.c.team_id, bots.c.bot_token))}


def set_up_network(peerbot: PeerbotUnderTest, workspace: Workspace) -> int:
    """/peerbot setup in the workspace's home channel, as its facilitator."""
    peerbot.command("setup", user=workspace.facilitator, channel=workspace.home, team=workspace.team_id)
    view = peerbot.opened_view("network_setup")
    values = setup_values(f"Network of {workspace.team_id}", "America/New_York")
    assert peerbot.submit(view, values, user=workspace.facilitator, team=workspace.team_id).status == 200
    with peerbot.session_factory() as session:
        network = session.scalar(select(Network).where(Network.home_channel_id == workspace.home))
    assert network is not None, "the network was not created"
    return network.id


def schedule_meeting(peerbot: PeerbotUnderTest, workspace: Workspace) -> None:
    """/meeting in the home channel: a meeting on 6 January at 14:00 New York time, reminded an hour before."""
    peerbot.command("", user=workspace.facilitator, channel=workspace.home, command="/meeting", team=workspace.team_id)
    view = peerbot.opened_view(MeetingCallback.MEETING_SCHEDULE)
    values = form_values(channel=workspace.home, reminders=["60"], title=f"Call of {workspace.team_id}")
    assert peerbot.submit(view, values, user=workspace.facilitator, team=workspace.team_id).status == 200


def networks_of(session_factory: SessionFactory, team_id: str) -> list[str]:
    with session_factory() as session:
        return list(session.scalars(select(Network.name).where(Network.team_id == team_id)))
