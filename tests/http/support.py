"""What the HTTP tests share: an article to submit and waiting for its parse."""

import time

import pytest
import requests


class ApiSession(requests.Session):
    """A requests session that knows the API's base URL."""

    base: str


STORY = (
    "Flooding closed the coastal road on Sunday.\n\n"
    '"The water rose faster than anyone expected," Lena Brandt, the regional fire '
    "chief, told the BBC.\n\n"
    "Brandt said the road would stay closed until Wednesday."
)


def submit(session: ApiSession, text: str = STORY) -> requests.Response:
    return session.post(f"{session.base}/articles/", json={"text": text}, timeout=30)


def wait_parsed(session: ApiSession, status_url: str, server) -> dict:
    """Poll the status URL until the parse ends; fail with the server's log."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = session.get(status_url, timeout=30).json()
        if status["status"] in {"parsed", "failed"}:
            assert status["status"] == "parsed", status
            return status
        time.sleep(0.5)
    pytest.fail(f"no parse within 120 s; the server said:\n{server.log()}")


def parsed_claims(session: ApiSession, server, text: str = STORY) -> list[dict]:
    """Submit `text`, wait for its parse and return the article's claims."""
    submitted = submit(session, text)
    assert submitted.status_code == 202, (submitted.text, server.log())
    wait_parsed(session, submitted.headers["Location"], server)
    article = session.get(submitted.json()["url"], timeout=30).json()
    assert article["claims"], article
    return article["claims"]
