"""`flask users create-admin EMAIL`: the first admin, who then invites everyone else."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from signpost.accounts.passwords import password_problem
from signpost.accounts.users import by_email, normalise_email, set_password
from signpost.audit import record
from signpost.clock import utcnow
from signpost.extensions import current_session
from signpost.models import User

users_cli = AppGroup("users", help="Partner accounts.")


@users_cli.command("create-admin")
@click.argument("email")
@click.password_option(help="At least 12 characters, not a common password.")
def create_admin(email: str, password: str) -> None:
    """Create an admin account (or make an existing account an admin) with this password."""
    problem = password_problem(password, email)
    if problem:
        raise click.ClickException(problem)
    session = current_session()
    user = by_email(session, email)
    if user is None:
        user = User(email=normalise_email(email), role="admin", created_at=utcnow(), active=True, session_version=1)
        session.add(user)
    user.role, user.active = "admin", True
    set_password(user, password)
    session.flush()
    record(session, None, "admin_created", "user", str(user.id), None, {"email": user.email})
    session.commit()
    click.echo(f"{user.email} is an admin. Sign in at /partners.")
