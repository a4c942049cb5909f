"""What happens after someone reports a crime, per legal system: the officer's victim card says it

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 00:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('rights_charter') as batch:
        batch.add_column(sa.Column('after_reporting', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('rights_charter') as batch:
        batch.drop_column('after_reporting')
