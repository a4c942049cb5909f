"""Service.updated_at: when a listing last changed, for the open data feed's modified_after

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:00:00

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=True))
    # Existing listings: the partner's last edit if there was one, otherwise now (their true time is unknown).
    now = datetime.now(UTC).replace(tzinfo=None)
    op.execute(sa.text("UPDATE service SET updated_at = COALESCE(partner_edited_at, :now)").bindparams(now=now))
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.alter_column('updated_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.create_index(batch_op.f('ix_service_updated_at'), ['updated_at'], unique=False)


def downgrade():
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_updated_at'))
        batch_op.drop_column('updated_at')
