"""Alert emails through a real local SMTP server (aiosmtpd): sent once, at once,
for watchlists that ask for them; retried when the server is down."""

import smtplib
import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from attribution import alert_services
from attribution.models import Alert
from tests.factories import ClaimFactory, SpeakerFactory

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
