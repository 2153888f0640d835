"""Analytics pages: item analysis per session and per reading, misconceptions, reports."""

from __future__ import annotations

from flask import abort, g, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..instructor.auth import owner_required
from ..services.analytics import analysis as analysis_service
from ..services.analytics import discuss
from ..services.analytics import misconceptions as mis
from ..services.analytics.student_reports import student_reports as build_reports
from ..services.classroom.participants import participants_of
from ..web.access import access
from .blueprint import bp
from .present import facility_chart, misconception_chart, section_chart, template_helpers


@bp.context_processor
def _helpers() -> dict:
    return template_helpers()


def _charts(analysis: analysis_service.Analysis) -> dict:
    return {
        "facility": {c.reading.id: facility_chart(c) for c in analysis.checks},
        "sections": {c.reading.id: section_chart(c) for c in analysis.checks},
        "misconceptions": misconception_chart(analysis),
    }


@bp.route("/sessions/<code>/analysis")
@access("owner")
@owner_required
def session_analysis(code: str):
    analysis = analysis_service.session_analysis(g.seminar)
    return render_template("analytics/session.html", seminar=g.seminar, analysis=analysis,
                           charts=_charts(analysis),
                           vocab=mis.vocabulary(g.seminar.course_id),
                           topics=discuss.what_to_discuss(analysis))


@bp.route("/sessions/<code>/misconceptions/<tag>")
@access("owner")
@owner_required
def misconception_detail(code: str, tag: str):
    vocab = mis.vocabulary(g.seminar.course_id)
    questions = analysis_service.mc_questions([r.id for r in g.seminar.readings])
    holders = mis.holders(g.seminar.id, tag, questions)
    if tag not in vocab and not holders:
        abort(404, _("There is no misconception with that tag in this course."))
    entry = vocab.get(tag, {"label": tag, "description": ""})
    tagged = [(q, [c for c in q.current_revision.choices if c.get("misconception") == tag])
              for q in questions if q.current_revision is not None]
    return render_template("analytics/misconception.html", seminar=g.seminar, tag=tag,
                           entry=entry, holders=holders,
                           tagged=[(q, cs) for q, cs in tagged if cs])


@bp.route("/sessions/<code>/students")
@access("owner")
@owner_required
def student_reports(code: str):
    wanted = request.args.get("student", type=int)
    reports = build_reports(g.seminar, wanted, viewer=current_user)
    if wanted is not None and not reports:
        abort(404, _("No such student in this session."))
    return render_template("analytics/students.html", seminar=g.seminar, reports=reports,
                           people=participants_of(g.seminar), wanted=wanted)


@bp.route("/readings/<slug>/analysis")
@access("instructor")
@login_required
def reading_analysis(slug: str):
    found = analysis_service.reading_analysis_for(current_user, slug,
                                                 request.args.get("course"))
    if found is None:
        abort(404, _("There is no reading with that name."))
    reading, sessions, analysis = found
    return render_template("analytics/reading.html", reading=reading, sessions=sessions,
                           analysis=analysis, charts=_charts(analysis), seminar=None,
                           vocab=mis.vocabulary(reading.course_id),
                           topics=discuss.what_to_discuss(analysis),
                           per_session=analysis.extras.get("per_session", {}))
