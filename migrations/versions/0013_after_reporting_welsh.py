"""What happens after someone reports a crime, in Welsh: the officer's Welsh victim card says it

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 06:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('rights_charter') as batch:
        batch.add_column(sa.Column('after_reporting_cy', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('rights_charter') as batch:
        batch.drop_column('after_reporting_cy')
