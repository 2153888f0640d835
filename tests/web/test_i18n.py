"""Languages and time zones: the switch, Accept-Language, the defaults, localised times."""

from __future__ import annotations

from datetime import datetime

import pytest

from quizapp.web.i18n import LANGUAGE_COOKIE, server_timezone, valid_timezone, when

SPANISH_FOOTER = "lecturas, preguntas de control y discusión"
ENGLISH_FOOTER = "readings, checks and discussion"


def page(client, url="/join", **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_switch_keeps_the_choice_and_comes_back_to_the_same_page(app):
    client = app.test_client()
    response = client.get("/join?code=ABCD&lang=es")
    assert response.status_code == 303
    assert response.headers["Location"] == "/join?code=ABCD"
    assert f"{LANGUAGE_COOKIE}=es" in response.headers["Set-Cookie"]
    html = page(client)
    assert '<html lang="es">' in html and SPANISH_FOOTER in html
    # the choice beats the browser's language
    assert SPANISH_FOOTER in page(client, **{"Accept-Language": "en"})
    client.get("/join?lang=en")
    assert ENGLISH_FOOTER in page(client)


def test_an_unknown_language_is_ignored(app):
    client = app.test_client()
    response = client.get("/join?lang=xx")
    assert response.status_code == 303 and "Set-Cookie" not in response.headers
    assert ENGLISH_FOOTER in page(client)


def test_the_browser_language_then_the_installation_default(app_factory):
    app = app_factory()
    assert SPANISH_FOOTER in page(app.test_client(), **{"Accept-Language": "es-AR,es;q=0.9"})
    assert ENGLISH_FOOTER in page(app.test_client(), **{"Accept-Language": "de"})
    spanish_default = app_factory(QUIZAPP_DEFAULT_LANGUAGE="es")
    assert SPANISH_FOOTER in page(spanish_default.test_client(), **{"Accept-Language": "de"})


def test_every_page_offers_the_other_language(app):
    html = page(app.test_client())
    assert 'href="/join?lang=es"' in html and 'hreflang="es"' in html


@pytest.mark.parametrize(("zone", "expected"), [("UTC", "12:30"),
                                                ("America/Argentina/Buenos_Aires", "9:30"),
                                                ("Europe/London", "12:30")])
def test_times_are_shown_in_the_installation_time_zone(app_factory, zone, expected):
    app = app_factory(QUIZAPP_TIMEZONE=zone)
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert expected in when(datetime(2026, 1, 15, 12, 30))


def test_times_follow_the_language(app_factory):
    app = app_factory(QUIZAPP_TIMEZONE="UTC")
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        assert "ene" in when(datetime(2026, 1, 15, 12, 30))


def test_a_bad_time_zone_falls_back_to_the_servers(app_factory):
    app = app_factory(QUIZAPP_TIMEZONE="Not/AZone")
    assert app.config["QUIZAPP_TIMEZONE"] == server_timezone()
    assert valid_timezone(server_timezone())
