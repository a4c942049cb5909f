"""Welsh for the phone notes and the opening-hours note ("Free to call"), shown on the /cy/ results pages

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 07:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('phone') as batch:
        batch.add_column(sa.Column('note_cy', sa.String(200), nullable=True))
    with op.batch_alter_table('service') as batch:
        batch.add_column(sa.Column('hours_note_cy', sa.String(300), nullable=True))


def downgrade():
    with op.batch_alter_table('service') as batch:
        batch.drop_column('hours_note_cy')
    with op.batch_alter_table('phone') as batch:
        batch.drop_column('note_cy')
