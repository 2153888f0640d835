"""The `roomq` blueprint object, in a module of its own so that views can import it without
importing the package that registers them."""

from flask import Blueprint

bp = Blueprint("roomq", __name__)
