"""commune_month.assessed_mask: which criteria are assessed (bit n-1 for criterion number n)

With the met mask beside it, a month's map (unmet criteria, one criterion's state) and a criterion's
share (communes meeting it among those assessed on it) are read from the summary, not from the
criterion rows of the history.

Revision ID: 0008
Revises: 0007
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Filled from the history with SQL of its own (not the app's current statement, which may know
# later columns): the latest version of each commune × criterion × month with a result.
FILL = """
UPDATE commune_month SET assessed_mask = COALESCE((
    SELECT sum(1 << (c.number - 1))
    FROM assessment a JOIN criterion c ON c.id = a.criterion_id
    WHERE a.commune_code = commune_month.commune_code AND a.period = commune_month.period
      AND a.met IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM assessment b
                      WHERE b.commune_code = a.commune_code AND b.criterion_id = a.criterion_id
                        AND b.period = a.period AND b.version > a.version)
), 0)
"""


def upgrade() -> None:
    with op.batch_alter_table("commune_month", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assessed_mask", sa.Integer(), nullable=True))
    op.execute(FILL)
    with op.batch_alter_table("commune_month", schema=None) as batch_op:
        batch_op.alter_column("assessed_mask", existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("commune_month", schema=None) as batch_op:
        batch_op.drop_column("assessed_mask")
