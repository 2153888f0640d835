"""Instructor accounts (issue 13): a lost password is replaced with `quizapp set-password`, a
password is changed on a page, and a change logs out every other device."""

from __future__ import annotations

from click.testing import CliRunner
from flask.cli import ScriptInfo

from quizapp.cli import cli
from support import PASSWORD, text

NEW = "a brand new long password"


def _set_password(app, args: list[str], stdin: str):
    return CliRunner().invoke(cli, args, input=stdin, obj=ScriptInfo(create_app=lambda: app))


def test_set_password_command_replaces_a_lost_password(app, make_client, instructor):
    laptop = make_client()
    assert laptop.login(instructor).status_code == 302
    result = _set_password(app, ["set-password", instructor, "--password-stdin"], NEW + "\n")
    assert result.exit_code == 0, result.output
    assert "logged out" in result.output
    assert laptop.get("/instructor/").status_code == 302  # its login ended
    assert make_client().login(instructor).status_code == 400
    assert make_client().login(instructor, NEW).status_code == 302


def test_set_password_command_refusals(app, instructor):
    short = _set_password(app, ["set-password", instructor, "--password-stdin"], "short\n")
    assert short.exit_code != 0 and "at least" in short.output
    nobody = _set_password(app, ["set-password", "nobody", "--password-stdin"], NEW + "\n")
    assert nobody.exit_code != 0 and "no instructor" in nobody.output
    prompted = _set_password(app, ["set-password", instructor], f"{NEW}\n{NEW}\n")
    assert prompted.exit_code == 0, prompted.output


def test_change_password_page_logs_out_every_other_device(app, make_client, instructor):
    here, other = make_client(), make_client()
    assert here.login(instructor).status_code == 302
    assert other.login(instructor).status_code == 302
    url = "/instructor/account/password"
    assert here.get(url).status_code == 200
    wrong = here.post_form(url, {"current": "not it", "new": NEW, "confirm": NEW})
    assert wrong.status_code == 400 and "not your current password" in text(wrong)
    differ = here.post_form(url, {"current": PASSWORD, "new": NEW, "confirm": NEW + "x"})
    assert differ.status_code == 400 and "differ" in text(differ)
    short = here.post_form(url, {"current": PASSWORD, "new": "short", "confirm": "short"})
    assert short.status_code == 400
    done = here.post_form(url, {"current": PASSWORD, "new": NEW, "confirm": NEW})
    assert done.status_code == 302
    assert here.get("/instructor/").status_code == 200  # this device stays logged in
    assert other.get("/instructor/").status_code == 302  # every other one is logged out
    assert make_client().login(instructor, NEW).status_code == 302
    assert make_client().get(url).status_code == 302  # login required


def test_an_instructor_sees_times_in_their_own_time_zone(app, make_client, instructor,
                                                         make_seminar):
    from datetime import datetime

    from quizapp.extensions import db
    from quizapp.models import Seminar

    code = make_seminar("Zoned seminar")
    app.config["QUIZAPP_TIMEZONE"] = "UTC"
    with app.app_context():
        seminar = db.session.query(Seminar).filter_by(code=code).one()
        seminar.created_at = datetime(2026, 1, 15, 12, 30)
        db.session.commit()
    here = make_client()
    assert here.login(instructor).status_code == 302
    en = {"Accept-Language": "en"}
    assert "12:30" in text(here.get("/instructor/", headers=en))
    url = "/instructor/account/timezone"
    page = text(here.get(url, headers=en))
    assert page.index("Installation default (QUIZAPP_TIMEZONE: UTC)") < page.index(
        "America/Argentina/Buenos_Aires") < page.index("Europe/London")
    bad = here.post_form(url, {"timezone": "Mars/Olympus_Mons"}, headers=en)
    assert bad.status_code == 400 and "Choose a time zone from the list." in text(bad)
    assert 'id="timezone-error"' in text(bad)
    done = here.post_form(url, {"timezone": "America/Argentina/Buenos_Aires"})
    assert done.status_code == 302
    dashboard = text(here.get("/instructor/", headers=en))
    assert "9:30" in dashboard and "12:30" not in dashboard
    # the select shows the saved zone; "" goes back to the installation default
    assert "selected" in text(here.get(url)).split("America/Argentina/Buenos_Aires")[0][-40:]
    assert here.post_form(url, {"timezone": ""}).status_code == 302
    assert "12:30" in text(here.get("/instructor/", headers=en))
    assert make_client().get(url).status_code == 302  # login required
