"""commune_month: criteria met per commune-month, kept current by every write; district.province_code

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commune_month",
        sa.Column("commune_code", sa.String(length=8), sa.ForeignKey("commune.code"), primary_key=True),
        sa.Column("period", sa.String(length=7), primary_key=True),
        sa.Column("set_id", sa.String(length=64), nullable=False),
        sa.Column("criteria_met", sa.Integer(), nullable=False),
        sa.Column("criteria_assessed", sa.Integer(), nullable=False),
        sa.Column("met_mask", sa.Integer(), nullable=False),
    )
    op.create_index("ix_commune_month_period", "commune_month", ["period", "commune_code"])
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.add_column(sa.Column("province_code", sa.String(length=4), nullable=True))
        batch_op.create_index("ix_district_province_code", ["province_code"])
    # Until now a database held one province's units: An Giang's (GSO 89).
    op.execute("UPDATE district SET province_code = '89'")
    # The summary of the history already recorded (the same statement the writes use).
    from data_access.summary import refresh_statement

    op.execute(refresh_statement())


def downgrade() -> None:
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.drop_index("ix_district_province_code")
        batch_op.drop_column("province_code")
    op.drop_index("ix_commune_month_period", table_name="commune_month")
    op.drop_table("commune_month")
