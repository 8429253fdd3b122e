from kombu import Connection

from attribution.celery import app as celery_app


def test_health_answers_ok_when_the_database_and_broker_answer(client, db):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


def test_health_is_503_when_the_broker_is_unreachable(client, db, monkeypatch):
    # A real connection attempt, to a port where no broker listens.
    closed = "redis://127.0.0.1:9/0"
    monkeypatch.setattr(celery_app, "connection_for_write", lambda: Connection(closed))

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert response.json()["database"] == "ok"
