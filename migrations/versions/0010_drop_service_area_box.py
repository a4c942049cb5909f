"""Drop the service area bounding-box columns: written, never read (the index files radius areas by grid cell)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 03:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

COLUMNS = ('min_latitude', 'max_latitude', 'min_longitude', 'max_longitude')


def upgrade():
    with op.batch_alter_table('service_area') as batch:
        batch.drop_index('ix_service_area_radius_box')
        for name in COLUMNS:
            batch.drop_column(name)


def downgrade():
    with op.batch_alter_table('service_area') as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.Float(), nullable=True))
        batch.create_index('ix_service_area_radius_box', ['kind', 'min_latitude', 'max_latitude'], unique=False)
    # The boxes come back empty; `flask data load --commit` recomputes nothing into them (nothing reads them).
