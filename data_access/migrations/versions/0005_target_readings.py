"""targets read two ways: the seed's words as written, the reading each target belongs to, the chosen one

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = (
    ("text_as_written", sa.Text()),
    ("reading_group", sa.String(length=40)),
    ("reading_key", sa.String(length=40)),
    ("reading_part", sa.String(length=40)),
    ("reading_chosen", sa.Boolean()),
)


def upgrade() -> None:
    with op.batch_alter_table("programme_target", schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("programme_target", schema=None) as batch_op:
        for name, _ in reversed(COLUMNS):
            batch_op.drop_column(name)
