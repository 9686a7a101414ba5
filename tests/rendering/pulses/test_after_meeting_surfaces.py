"""What facilitators and members see of pulses after each meeting: the series choice, the DM, the trend labels."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.pulses.definitions import PulseDraft, QuestionDraft, QuestionKind, Recurrence
from domain.pulses.results import TrendPoint
from rendering.pulses.builder import MAX_SELECT_OPTIONS, builder_modal, error_blocks
from rendering.pulses.ids import PulseBlock
from rendering.pulses.messages import invite_blocks
from rendering.pulses.results import trend_lines
from tests.slackstub import validate_blocks, validate_view

MEETING_START = datetime(2026, 1, 6, 20, 0, tzinfo=UTC)
AGREE = QuestionDraft(text="Good use of my time.", kind=QuestionKind.AGREEMENT)


def test_builder_offers_at_most_100_series_with_long_titles_cut_to_fit() -> None:
    series = [(n, f"Series {n} " + "z" * 200) for n in range(150)]
    chosen = PulseDraft(recurrence=Recurrence.AFTER_MEETING, meeting_id=3)
    payload = builder_modal(draft=chosen, question_count=1, channel_id="C1", series=series).to_dict()
    assert validate_view(payload) == []
    block = next(b for b in payload["blocks"] if b.get("block_id") == PulseBlock.MEETING)
    assert len(block["element"]["options"]) == MAX_SELECT_OPTIONS
    assert block["element"]["initial_option"]["value"] == "3"


def test_builder_without_series_has_no_series_block_and_its_error_shows_on_repeats() -> None:
    payload = builder_modal(draft=PulseDraft(), question_count=1, channel_id="C1").to_dict()
    assert all(b.get("block_id") != PulseBlock.MEETING for b in payload["blocks"])
    assert error_blocks({"meeting": "pick"}, has_series_block=False) == {PulseBlock.RECURRENCE: "pick"}
    assert error_blocks({"meeting": "pick"}) == {PulseBlock.MEETING: "pick"}


def test_the_dm_of_a_wave_after_a_meeting_names_the_meeting_and_its_date() -> None:
    blocks = invite_blocks(
        wave_id=1,
        title="Check-in",
        intro="",
        network_name="Equity",
        anonymous=True,
        deadline=MEETING_START,
        questions=[AGREE],
        follows=("Peer <call>", MEETING_START),
    )
    payload = [b.to_dict() for b in blocks]
    assert validate_blocks(payload) == []
    text = payload[0]["text"]["text"]
    assert "How was *Peer &lt;call&gt;* on <!date^1767729600^" in text


def test_trend_labels_waves_after_meetings_by_the_meetings_date() -> None:
    points = [
        TrendPoint(wave_number=1, opens_at=MEETING_START, responded=2, values=(50.0,), meeting_start=MEETING_START),
        TrendPoint(wave_number=2, opens_at=MEETING_START, responded=2, values=(100.0,)),
    ]
    line = trend_lines([(1, AGREE)], points)[1]
    assert "<!date^1767729600^{date_short}|Jan 6>: 50% agreed" in line and "W2: 100% agreed" in line
