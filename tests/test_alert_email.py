"""Alert emails through a real local SMTP server (aiosmtpd): sent once, at once,
for watchlists that ask for them; retried when the server is down."""

import smtplib
import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from attribution import alert_services
from attribution.models import Alert
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


class Inbox:
    """The SMTP server's handler: keeps every message it was given."""

    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    yield inbox
    controller.stop()


@pytest.fixture
def jo(django_user_model):
    return django_user_model.objects.create_user(
        "jo", email="jo@example.org", password="jo-password-123"
    )


def test_a_watchlist_with_email_sends_each_new_alert_once(
    smtp, jo, django_capture_on_commit_callbacks
):
    speaker = SpeakerFactory(name="Ana Lopez")
    alert_services.watchlist_follow(user=jo, speaker=speaker, email=True)
    claim = ClaimFactory(speaker=speaker, text="the bridge is safe")

    with django_capture_on_commit_callbacks(execute=True):
        alert_services.article_alerts_produce(article_id=claim.article_id)
    with django_capture_on_commit_callbacks(execute=True):  # a second run
        alert_services.article_alerts_produce(article_id=claim.article_id)
    again = alert_services.alert_email_send(alert_id=Alert.objects.get().pk)

    assert len(smtp.messages) == 1 and again is False
    recipients, message = smtp.messages[0]
    assert recipients == ["jo@example.org"]
    assert message["Subject"] == "[Attribution] Speaker: Ana Lopez"
    text = message.get_payload(decode=True).decode()
    assert "Ana Lopez: “the bridge is safe”" in text
    assert f"/claims/{claim.pk}/" in text
    assert Alert.objects.get().emailed_at is not None


def test_a_watchlist_without_email_sends_none(
    smtp, jo, django_capture_on_commit_callbacks
):
    claim = ClaimFactory()
    alert_services.watchlist_follow(user=jo, speaker=claim.speaker)

    with django_capture_on_commit_callbacks(execute=True):
        alert_services.article_alerts_produce(article_id=claim.article_id)

    assert smtp.messages == []
    assert Alert.objects.get().emailed_at is None


def test_a_mail_server_that_is_down_leaves_the_alert_to_send_again(smtp, jo, settings):
    claim = ClaimFactory()
    alert_services.watchlist_follow(user=jo, speaker=claim.speaker, email=True)
    alert_services.article_alerts_produce(article_id=claim.article_id)
    alert = Alert.objects.get()
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, 1  # nobody listens there

    with pytest.raises((smtplib.SMTPException, OSError)):
        alert_services.alert_email_send(alert_id=alert.pk)
    alert.refresh_from_db()
    assert alert.emailed_at is None
    settings.EMAIL_PORT = port

    assert alert_services.alert_email_send(alert_id=alert.pk) is True
    assert len(smtp.messages) == 1


def test_the_daily_digest_sends_one_email_per_user_of_the_days_unsent_alerts(
    smtp, jo, django_capture_on_commit_callbacks
):
    lopez, kim = SpeakerFactory(name="Ana Lopez"), SpeakerFactory(name="Min Kim")
    alert_services.watchlist_follow(user=jo, speaker=lopez, email=True, digest=True)
    alert_services.watchlist_follow(user=jo, speaker=kim, email=True, digest=True)
    bridge = ClaimFactory(speaker=lopez, text="the bridge is safe")
    taxes = ClaimFactory(
        speaker=kim,
        text="taxes will not rise",
        article=ArticleFactory(body="Kim said taxes will not rise."),
    )

    with django_capture_on_commit_callbacks(execute=True):
        alert_services.article_alerts_produce(article_id=bridge.article_id)
        alert_services.article_alerts_produce(article_id=taxes.article_id)
    assert smtp.messages == []  # nothing at once

    assert alert_services.digests_send() == 1
    assert alert_services.digests_send() == 0

    [(to, message)] = smtp.messages
    assert to == ["jo@example.org"]
    assert "2 alerts" in message["Subject"]
    body = message.get_payload(decode=True).decode()
    assert "the bridge is safe" in body and "taxes will not rise" in body
    assert not Alert.objects.filter(emailed_at__isnull=True).exists()


def test_a_digest_the_server_refuses_is_left_for_the_next_run(
    settings, jo, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # closed
    speaker = SpeakerFactory(name="Ana Lopez")
    alert_services.watchlist_follow(user=jo, speaker=speaker, email=True, digest=True)
    claim = ClaimFactory(speaker=speaker)
    alert_services.article_alerts_produce(article_id=claim.article_id)

    assert alert_services.digests_send() == 0
    assert Alert.objects.get().emailed_at is None
