"""Separate versions for geography and reference data beside the directory's (signpost/data_version.py)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 03:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # Row 1 stays the directory's version; 2 is geography's, 3 reference data's.
    op.execute("INSERT INTO directory_version (id, version) VALUES (2, 1), (3, 1)")


def downgrade():
    op.execute("DELETE FROM directory_version WHERE id IN (2, 3)")
