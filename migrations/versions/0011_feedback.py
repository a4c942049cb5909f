"""Feedback from the public: problems reported with a listing, and services suggested for listing

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'listing_report',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('problem', sa.String(length=20), nullable=False),
        sa.Column('detail', sa.Text(), nullable=True),
        sa.Column('reported_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.Column('closed_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['closed_by_id'], ['user_account.id'], name=op.f('fk_listing_report_closed_by_id_user_account')),
        sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_listing_report_service_id_service'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_report')),
    )
    op.create_index('ix_listing_report_service_status', 'listing_report', ['service_id', 'status'], unique=False)
    op.create_table(
        'service_suggestion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('website', sa.String(length=500), nullable=True),
        sa.Column('contact_email', sa.String(length=254), nullable=False),
        sa.Column('areas', sa.Text(), nullable=False),
        sa.Column('crime_types', sa.JSON(), nullable=False),
        sa.Column('suggested_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('resolved_at', sa.DateTime(), nullable=True),
        sa.Column('resolved_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['resolved_by_id'], ['user_account.id'], name=op.f('fk_service_suggestion_resolved_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_suggestion')),
    )
    op.create_index(op.f('ix_service_suggestion_status'), 'service_suggestion', ['status'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_service_suggestion_status'), table_name='service_suggestion')
    op.drop_table('service_suggestion')
    op.drop_index('ix_listing_report_service_status', table_name='listing_report')
    op.drop_table('listing_report')
