"""quizapp: a seminar tool for teaching from readings."""

from __future__ import annotations

from typing import Any

from flask import Flask, request

from .config import load_config
from .database import configure_engine, write_intent
from .extensions import csrf, db, limiter, login_manager, migrate
from .web.cookie_session import QuietSessionInterface

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The app factory. ``config`` overrides everything else (tests use it)."""
    app = Flask(__name__, instance_relative_config=True)
    app.session_interface = QuietSessionInterface()
    load_config(app, config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        configure_engine(db.engine)

    @app.before_request
    def _declare_write_intent() -> None:
        write_intent.set(request.method not in SAFE_METHODS)

    from .api import bp as api_bp
    from .course import bp as course_bp
    from .instructor import bp as instructor_bp
    from .instructor.auth import init_login
    from .student import bp as student_bp
    from .web import errors, security
    from .web.i18n import init_i18n
    from .web.templating import init_templating

    init_login(app)
    init_templating(app)
    init_i18n(app)
    errors.init_errors(app)
    security.init_security(app)
    app.register_blueprint(student_bp)
    app.register_blueprint(course_bp)
    app.register_blueprint(instructor_bp)
    from .analytics import bp as analytics_bp  # item analysis, reports, exports

    app.register_blueprint(analytics_bp)
    app.register_blueprint(api_bp)
    from .live import bp as live_bp  # live seminar mode (instructor-paced)

    app.register_blueprint(live_bp)
    from .authoring import bp as authoring_bp  # readings and questions edited in the browser

    app.register_blueprint(authoring_bp)
    from .roomq import bp as roomq_bp  # the room's questions, answer wall, evidence map

    app.register_blueprint(roomq_bp)
    from .live.fast_poll import init_fast_poll  # 304s for the live poll, before Flask

    init_fast_poll(app)
    from .feedback import bp as feedback_bp  # feedback, rubrics, gradebook (issue 21)

    app.register_blueprint(feedback_bp)
    from .feedback.context import init_feedback_templates

    init_feedback_templates(app)
    return app
