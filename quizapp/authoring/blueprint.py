"""The `authoring` blueprint object, in a module of its own so that views can import it
without importing the package that registers them."""

from flask import Blueprint

bp = Blueprint("authoring", __name__, url_prefix="/instructor/content")
