"""What ranking reads: who a service is for, what it is for, whom it focuses on; text keywords;
the nations and audience of advice items

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 23:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

ALL_NATIONS = "england,wales,scotland,northern-ireland"


def upgrade():
    with op.batch_alter_table('service') as batch:
        batch.add_column(sa.Column('audience', sa.String(length=200), nullable=False, server_default='victims'))
        batch.add_column(sa.Column('purpose', sa.String(length=40), nullable=False, server_default='victim-support'))
        batch.add_column(sa.Column('focus', sa.String(length=200), nullable=True))
    with op.batch_alter_table('phone') as batch:
        batch.add_column(sa.Column('keyword', sa.String(length=40), nullable=True))
    with op.batch_alter_table('advice') as batch:
        batch.add_column(sa.Column('nations', sa.String(length=80), nullable=False, server_default=ALL_NATIONS))
        batch.add_column(sa.Column('audience', sa.String(length=80), nullable=False, server_default='victims'))
    # The server defaults only fill existing rows; the models set these on every new row.
    with op.batch_alter_table('service') as batch:
        batch.alter_column('audience', server_default=None)
        batch.alter_column('purpose', server_default=None)
    with op.batch_alter_table('advice') as batch:
        batch.alter_column('nations', server_default=None)
        batch.alter_column('audience', server_default=None)


def downgrade():
    with op.batch_alter_table('advice') as batch:
        batch.drop_column('audience')
        batch.drop_column('nations')
    with op.batch_alter_table('phone') as batch:
        batch.drop_column('keyword')
    with op.batch_alter_table('service') as batch:
        batch.drop_column('focus')
        batch.drop_column('purpose')
        batch.drop_column('audience')
