"""Extensions, created unbound and bound to an app in create_app."""

from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import Session

from signpost.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
# gunicorn does not compress; the page-weight budgets are gzipped sizes.
compress = Compress()
# Limits are declared on the routes that need them (search, sign-in); none by default.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
login_manager = LoginManager()
login_manager.login_view = "partners.sign_in"
login_manager.login_message = "Sign in to continue"


def current_session() -> Session:
    """The current request's (or CLI command's) session, typed for the domain functions."""
    return db.session()
