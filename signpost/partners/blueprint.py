"""The partners blueprint: charity editors, moderators and admins, all under /partners."""

from flask import Blueprint

bp = Blueprint("partners", __name__, url_prefix="/partners")
