"""Full-text search on items: a generated tsvector of the title and description, GIN-indexed.

Revision ID: stack_0006
Revises: stack_0005
Create Date: 2026-12-07 00:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "stack_0006"
down_revision: str | Sequence[str] | None = "stack_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_DOCUMENT = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(description, '')), 'B')"
)


def upgrade() -> None:
    op.add_column(
        "items",
        sa.Column(
            "search_vector",
            postgresql.TSVECTOR(),
            sa.Computed(SEARCH_DOCUMENT, persisted=True),
            nullable=False,
        ),
    )
    op.create_index("ix_items_search_vector", "items", ["search_vector"], postgresql_using="gin")


def downgrade() -> None:
    op.drop_index("ix_items_search_vector", table_name="items", postgresql_using="gin")
    op.drop_column("items", "search_vector")
