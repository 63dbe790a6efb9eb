"""Alerts to the log, by SMTP to a local server, and by webhook to a local HTTP server."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from afterclass.alerts import (
    Alerter,
    SmtpChannel,
    WebhookChannel,
    build_alerter,
    load_alert_config,
)
from afterclass.errors import ConfigError

if TYPE_CHECKING:
    from conftest import Smtp, Webhook

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def test_an_email_reaches_the_smtp_server(smtp: Smtp) -> None:
    channel = SmtpChannel(
        smtp.host, smtp.port, sender="afterclass@school.test", recipients=["ops@school.test"]
    )
    Alerter([channel]).alert("quota", "daily analysis limit reached", "100 of 100 used.")
    assert len(smtp.mailbox.messages) == 1
    message = smtp.mailbox.messages[0]
    assert message["Subject"] == "[afterclass warning] daily analysis limit reached"
    assert message["To"] == "ops@school.test"
    assert "100 of 100 used." in message.get_payload()
    assert smtp.mailbox.envelopes == [("afterclass@school.test", ["ops@school.test"])]


def test_a_webhook_receives_json_with_slack_style_text(webhook: Webhook) -> None:
    alerter = Alerter([WebhookChannel(webhook.url)])
    alerter.alert("openai-key-failover", "switched to backup", "Replace the primary.")
    assert len(webhook.state.posts) == 1
    post = webhook.state.posts[0]
    assert post["key"] == "openai-key-failover"
    assert post["severity"] == "warning"
    assert post["text"].startswith("[afterclass warning] switched to backup")
    assert "Replace the primary." in post["text"]


def test_one_incident_is_one_message_per_window(webhook: Webhook, smtp: Smtp) -> None:
    clock = Clock()
    channels = [
        WebhookChannel(webhook.url),
        SmtpChannel(smtp.host, smtp.port, sender="a@b.test", recipients=["c@d.test"]),
    ]
    alerter = Alerter(channels, window=timedelta(hours=1), clock=clock)
    sent = [alerter.alert("provider-down", "provider unreachable") for _ in range(1000)]
    assert sent.count(True) == 1
    assert len(webhook.state.posts) == 1 and len(smtp.mailbox.messages) == 1
    alerter.alert("other-incident", "something else")
    assert len(webhook.state.posts) == 2  # another key is another incident
    clock.now += timedelta(hours=1, seconds=1)
    alerter.alert("provider-down", "provider unreachable")
    assert len(webhook.state.posts) == 3
    assert webhook.state.posts[-1]["suppressed"] == 999
    assert "999 more like this were held back" in webhook.state.posts[-1]["text"]


def test_resolve_lets_the_next_incident_through_at_once(webhook: Webhook) -> None:
    alerter = Alerter([WebhookChannel(webhook.url)])
    alerter.alert("k", "first")
    alerter.resolve("k")
    alerter.alert("k", "second")
    assert [p["subject"] for p in webhook.state.posts] == ["first", "second"]


def test_every_alert_is_logged_even_without_channels(caplog: pytest.LogCaptureFixture) -> None:
    Alerter().alert("keys", "every key rejected", severity="critical")
    record = next(r for r in caplog.records if r.name == "afterclass.alerts")
    assert record.levelno == logging.CRITICAL
    assert "every key rejected" in record.getMessage()


def test_a_failing_channel_is_logged_and_the_others_still_run(
    webhook: Webhook, free_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    webhook.state.status = 500
    dead_smtp = SmtpChannel("127.0.0.1", free_port, sender="a@b.test", recipients=["c@d.test"])
    broken_hook = WebhookChannel(webhook.url)
    alerter = Alerter([dead_smtp, broken_hook])
    assert alerter.alert("k", "subject") is True  # no exception reaches the caller
    assert len(webhook.state.posts) == 1
    assert "by email (ConnectionRefusedError" in caplog.text
    assert "by webhook (HTTP 500)" in caplog.text
    assert "/hooks/alerts" not in caplog.text  # webhook URLs can be credentials


def test_config_from_the_environment_builds_both_channels(smtp: Smtp, webhook: Webhook) -> None:
    config = load_alert_config(
        {
            "AFTERCLASS_ALERT_WEBHOOK_URL": webhook.url,
            "AFTERCLASS_ALERT_EMAIL_TO": "ops@school.test, lead@school.test",
            "AFTERCLASS_SMTP_HOST": smtp.host,
            "AFTERCLASS_SMTP_PORT": str(smtp.port),
            "AFTERCLASS_SMTP_PASSWORD": "CANARYsmtppassword",
            "AFTERCLASS_ALERT_WINDOW_MINUTES": "30",
        }
    )
    assert "CANARY" not in repr(config)
    alerter = build_alerter(config)
    assert [c.name for c in alerter.channels] == ["email", "webhook"]
    alerter.alert("k", "hello")
    assert smtp.mailbox.envelopes[0][1] == ["ops@school.test", "lead@school.test"]
    assert len(webhook.state.posts) == 1


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"AFTERCLASS_SMTP_PORT": "smtp"}, "AFTERCLASS_SMTP_PORT"),
        ({"AFTERCLASS_ALERT_EMAIL_TO": "ops@school.test"}, "AFTERCLASS_SMTP_HOST"),
    ],
)
def test_bad_alert_settings_say_what_to_fix(env: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        load_alert_config(env)
