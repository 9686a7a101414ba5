"""pulse surveys

Revision ID: 0200
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0200"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('pulses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=150), nullable=False),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('audience_states', sa.Text(), nullable=False),
    sa.Column('audience_users', sa.Text(), nullable=False),
    sa.Column('results_visibility', sa.String(length=16), nullable=False),
    sa.Column('reminders', sa.Integer(), nullable=False),
    sa.Column('recurrence', sa.String(length=16), nullable=False),
    sa.Column('wave_length_minutes', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_pulses_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pulses'))
    )
    op.create_index('ix_pulses_network_id', 'pulses', ['network_id'], unique=False)
    op.create_table('pulse_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pulse_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('choices', sa.Text(), nullable=False),
    sa.Column('max_choices', sa.Integer(), nullable=True),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['pulse_id'], ['pulses.id'], name=op.f('fk_pulse_questions_pulse_id_pulses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pulse_questions')),
    sa.UniqueConstraint('pulse_id', 'position', name=op.f('uq_pulse_questions_pulse_id_position'))
    )
    op.create_table('pulse_waves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pulse_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('scheduled', 'open', 'closed', name='wavestatus', native_enum=False, length=16), nullable=False),
    sa.Column('opens_at', UTCDateTime(), nullable=False),
    sa.Column('deadline', UTCDateTime(), nullable=False),
    sa.Column('opened_at', UTCDateTime(), nullable=True),
    sa.Column('closed_at', UTCDateTime(), nullable=True),
    sa.Column('reminders_sent', sa.Integer(), nullable=False),
    sa.Column('unreachable', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['pulse_id'], ['pulses.id'], name=op.f('fk_pulse_waves_pulse_id_pulses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pulse_waves')),
    sa.UniqueConstraint('pulse_id', 'number', name=op.f('uq_pulse_waves_pulse_id_number'))
    )
    op.create_index('ix_pulse_waves_status_opens_at', 'pulse_waves', ['status', 'opens_at'], unique=False)
    op.create_table('pulse_respondents',
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('state_unit', sa.String(length=2), nullable=True),
    sa.ForeignKeyConstraint(['wave_id'], ['pulse_waves.id'], name=op.f('fk_pulse_respondents_wave_id_pulse_waves'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('wave_id', 'user_id', name=op.f('pk_pulse_respondents')),
    sa.UniqueConstraint('wave_id', 'state_unit', name=op.f('uq_pulse_respondents_wave_id_state_unit')),
    sqlite_with_rowid=False
    )
    op.create_table('pulse_responses',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=True),
    sa.Column('group_state', sa.String(length=2), nullable=True),
    sa.Column('group_agency', sa.String(length=200), nullable=True),
    sa.Column('answers', sa.Text(), nullable=False),
    sa.Column('change_key_hash', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['wave_id'], ['pulse_waves.id'], name=op.f('fk_pulse_responses_wave_id_pulse_waves'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pulse_responses')),
    sa.UniqueConstraint('change_key_hash', name=op.f('uq_pulse_responses_change_key_hash')),
    sa.UniqueConstraint('wave_id', 'user_id', name=op.f('uq_pulse_responses_wave_id_user_id')),
    sqlite_with_rowid=False
    )
    op.create_index('ix_pulse_responses_wave_id', 'pulse_responses', ['wave_id'], unique=False)
    op.create_table('pulse_wave_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.Column('agency', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['wave_id'], ['pulse_waves.id'], name=op.f('fk_pulse_wave_recipients_wave_id_pulse_waves'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pulse_wave_recipients')),
    sa.UniqueConstraint('wave_id', 'user_id', name=op.f('uq_pulse_wave_recipients_wave_id_user_id'))
    )
    op.create_table('pulse_network_settings',
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('min_group_size', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_pulse_network_settings_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('network_id', name=op.f('pk_pulse_network_settings'))
    )


def downgrade() -> None:
    op.drop_table('pulse_network_settings')
    op.drop_table('pulse_wave_recipients')
    op.drop_index('ix_pulse_responses_wave_id', table_name='pulse_responses')
    op.drop_table('pulse_responses')
    op.drop_table('pulse_respondents')
    op.drop_index('ix_pulse_waves_status_opens_at', table_name='pulse_waves')
    op.drop_table('pulse_waves')
    op.drop_table('pulse_questions')
    op.drop_index('ix_pulses_network_id', table_name='pulses')
    op.drop_table('pulses')
