"""A 304 from the live poll does not re-send the session cookie; every other answer does."""

from __future__ import annotations


def test_304_poll_leaves_the_cookie_alone(client, make_seminar):
    code = make_seminar("Live", pacing="instructor")
    assert client.join(code, "Ana").status_code == 302
    first = client.get(f"/s/{code}/live/state")
    assert first.status_code == 200
    assert "Set-Cookie" in first.headers  # a permanent session slides its expiry
    etag = first.headers["ETag"]

    again = client.get(f"/s/{code}/live/state", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert "Set-Cookie" not in again.headers
    assert "Cookie" in again.headers.get("Vary", "")

    # The identity survives, and ordinary pages still refresh the cookie.
    home = client.get(f"/s/{code}/")
    assert home.status_code == 200
    assert "Set-Cookie" in home.headers
    assert client.get(f"/s/{code}/live/state", headers={"If-None-Match": etag}
                      ).status_code == 304
