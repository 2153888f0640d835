"""Downloads: item analysis, student report and notes as CSV; the session as a JSON archive."""

from __future__ import annotations

from flask import Response, abort, g, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..instructor.auth import owner_required
from ..models.responses import NOTE_KINDS
from ..services.analytics import analysis as analysis_service
from ..services.analytics.student_reports import student_reports
from ..services.interchange import analytics_csv
from ..services.interchange.archive import writer
from ..services.review import notes
from ..web.access import access
from .blueprint import bp


def _csv(lines, filename: str) -> Response:
    return Response(stream_with_context(lines), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/sessions/<code>/analysis.csv")
@access("owner")
@owner_required
def item_analysis_csv(code: str):
    seminar = g.seminar
    analysis = analysis_service.session_analysis(seminar)
    rows = list(analytics_csv.item_rows(analysis, seminar.code))
    return _csv(analytics_csv.csv_text_lines(analytics_csv.ITEM_COLUMNS, rows),
                f"quizapp-{seminar.code}-item-analysis.csv")


@bp.route("/readings/<slug>/analysis.csv")
@access("instructor")
@login_required
def reading_analysis_csv(slug: str):
    found = analysis_service.reading_analysis_for(current_user, slug,
                                                 request.args.get("course"))
    if found is None:
        abort(404, _("There is no reading with that name."))
    reading, sessions, analysis = found
    scope = f"{len(sessions)} sessions"
    rows = list(analytics_csv.item_rows(analysis, scope))
    return _csv(analytics_csv.csv_text_lines(analytics_csv.ITEM_COLUMNS, rows),
                f"quizapp-{reading.slug}-item-analysis.csv")


@bp.route("/sessions/<code>/students.csv")
@access("owner")
@owner_required
def student_report_csv(code: str):
    seminar = g.seminar
    reports = student_reports(seminar, viewer=current_user)
    columns = analytics_csv.student_columns(list(seminar.readings))
    rows = list(analytics_csv.student_rows(seminar.code, reports))
    return _csv(analytics_csv.csv_text_lines(columns, rows),
                f"quizapp-{seminar.code}-student-report.csv")


@bp.route("/sessions/<code>/notes.csv")
@access("owner")
@owner_required
def notes_csv(code: str):
    """Every note of the session, or those the notes page's filters (q, kind, author) pick."""
    kind = request.args.get("kind") if request.args.get("kind") in NOTE_KINDS else None
    text = (request.args.get("q") or "").strip()[:200] or None
    author = request.args.get("author", type=int)
    if author is not None and not 0 < author < 2**31:
        author = 0  # no such author (and no "integer out of range" from PostgreSQL)
    found = notes.notes_for(g.seminar, kind=kind, author_id=author, text=text,
                            viewer=current_user)
    return _csv(analytics_csv.csv_text_lines(analytics_csv.NOTE_COLUMNS,
                                             analytics_csv.note_rows(g.seminar.code, found)),
                f"quizapp-{g.seminar.code}-notes.csv")


@bp.route("/sessions/<code>/archive.json")
@access("owner")
@owner_required
def archive_json(code: str):
    seminar = g.seminar
    # The notes in it are those the downloader may read (their own and shared ones).
    return Response(stream_with_context(writer.archive_chunks(seminar,
                                                              viewer_id=current_user.id)),
                    mimetype="application/json", headers={
                        "Content-Disposition":
                            f'attachment; filename="quizapp-{seminar.code}-archive.json"'})
