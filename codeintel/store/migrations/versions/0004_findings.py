"""Findings are kept: the analyses that run after a scan store what they found, and a record of
the run (which scan, how long each analysis took, which failed and why, which did not run and why).

`findings` holds one row per finding of a repository's latest analysed scan, the whole Finding
as JSON beside the columns it is filtered by; `analyses` one row per repository.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "analyses",
        sa.Column("repo_id", sa.String(255), sa.ForeignKey("repositories.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("skipped", sa.JSON(), nullable=False),
    )
    op.create_table(
        "findings",
        sa.Column("row_id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("repo_id", sa.String(255), sa.ForeignKey("repositories.id", ondelete="CASCADE"), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_index("ix_findings_repo_id", "findings", ["repo_id"])


def downgrade() -> None:
    op.drop_index("ix_findings_repo_id", table_name="findings")
    op.drop_table("findings")
    op.drop_table("analyses")
