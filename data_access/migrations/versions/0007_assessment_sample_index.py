"""assessment: a partial index on the sample rows, so "is there sample data?" reads one index entry

Every page asks it (the "Dữ liệu mẫu" badge). Counted, or answered by EXISTS without an index, it
read the whole history: 1.1–1.4 s at national scale (10.3 million rows), and a database without
sample rows (real data) is the worst case, as nothing stops the scan.

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_assessment_sample", "assessment", ["is_sample"],
                    postgresql_where=sa.text("is_sample"), sqlite_where=sa.text("is_sample = 1"))


def downgrade() -> None:
    op.drop_index("ix_assessment_sample", table_name="assessment")
