"""'Also good to know' notes beside a rights charter: true and useful, but not one of its rights

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rights_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['jurisdiction'], ['rights_charter.jurisdiction'], name=op.f('fk_rights_note_jurisdiction_rights_charter'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rights_note'))
    )
    with op.batch_alter_table('rights_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rights_note_jurisdiction'), ['jurisdiction'], unique=False)


def downgrade():
    with op.batch_alter_table('rights_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rights_note_jurisdiction'))

    op.drop_table('rights_note')
