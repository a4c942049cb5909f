"""Welsh text beside the English (`*_cy`), shown on the /cy/ pages: crime types, police forces, services,
advice and rights

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

COLUMNS = {
    'crime_type': [('name_cy', sa.String(120)), ('hint_cy', sa.String(300))],
    'police_force': [('name_cy', sa.String(120))],
    'service': [('name_cy', sa.String(200)), ('description_cy', sa.Text()), ('eligibility_cy', sa.Text())],
    'advice': [('text_cy', sa.Text())],
    'rights_charter': [('title_cy', sa.String(300))],
    'victim_right': [('title_cy', sa.String(300)), ('text_cy', sa.Text())],
    'rights_note': [('title_cy', sa.String(300)), ('text_cy', sa.Text())],
}


def upgrade():
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, type_ in columns:
                batch.add_column(sa.Column(name, type_, nullable=True))


def downgrade():
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, _ in reversed(columns):
                batch.drop_column(name)
