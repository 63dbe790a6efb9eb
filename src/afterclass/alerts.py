"""Alerts for the people who run afterclass: to the log always, and to email and/or a webhook.

One incident is one message: alerts carry a ``key`` (e.g. ``openai-key-failover``) and the same
key is sent at most once per window; the next message after the window says how many were held
back. A channel that fails is logged and skipped: an alert never breaks the work that raised it.
Alert text must never contain a secret; callers describe keys by slot, source and version.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Annotated, Literal, Protocol

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from afterclass.errors import ConfigError

logger = logging.getLogger(__name__)

Severity = Literal["info", "warning", "critical"]
_LEVELS = {"info": logging.INFO, "warning": logging.WARNING, "critical": logging.CRITICAL}


@dataclass(frozen=True)
class Alert:
    key: str
    subject: str
    body: str
    severity: Severity
    at: datetime
    suppressed: int = 0
    """How many alerts with this key were held back since the last one sent."""

    def text(self) -> str:
        held = f"\n\n({self.suppressed} more like this were held back)" if self.suppressed else ""
        return f"{self.body}{held}"


class AlertChannel(Protocol):
    name: str

    def send(self, alert: Alert) -> None:
        """Deliver ``alert``; raise OSError, smtplib.SMTPException or httpx.HTTPError on failure."""
        ...


class MemoryChannel:
    """Keeps the alerts it is sent, newest last: for tests, and for showing recent alerts."""

    name = "memory"

    def __init__(self) -> None:
        self.sent: list[Alert] = []

    def send(self, alert: Alert) -> None:
        self.sent.append(alert)

    def keys(self) -> list[str]:
        return [alert.key for alert in self.sent]


class SmtpChannel:
    """Email through an SMTP server (STARTTLS and login when configured)."""

    name = "email"

    def __init__(
        self,
        host: str,
        port: int = 25,
        *,
        sender: str,
        recipients: Sequence[str],
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        timeout: float = 10.0,
    ):
        self._host, self._port = host, port
        self._sender, self._recipients = sender, list(recipients)
        self._username, self._password = username, password
        self._starttls, self._timeout = starttls, timeout

    def __repr__(self) -> str:
        return f"SmtpChannel({self._host}:{self._port} -> {', '.join(self._recipients)})"

    def send(self, alert: Alert) -> None:
        message = EmailMessage()
        message["Subject"] = f"[afterclass {alert.severity}] {alert.subject}"
        message["From"] = self._sender
        message["To"] = ", ".join(self._recipients)
        message.set_content(f"{alert.text()}\n\nat {alert.at.isoformat()} (alert key {alert.key})")
        with smtplib.SMTP(self._host, self._port, timeout=self._timeout) as smtp:
            if self._starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self._username and self._password:
                smtp.login(self._username, self._password)
            smtp.send_message(message)


class WebhookChannel:
    """A JSON POST (``text`` makes it readable in Slack and Teams incoming webhooks)."""

    name = "webhook"

    def __init__(self, url: str, *, client: httpx.Client | None = None, timeout: float = 10.0):
        self._url = url
        self._client = client
        self._timeout = timeout

    def __repr__(self) -> str:
        return f"WebhookChannel({httpx.URL(self._url).host})"

    def send(self, alert: Alert) -> None:
        payload = {
            "text": f"[afterclass {alert.severity}] {alert.subject}\n{alert.text()}",
            "key": alert.key,
            "subject": alert.subject,
            "body": alert.body,
            "severity": alert.severity,
            "at": alert.at.isoformat(),
            "suppressed": alert.suppressed,
        }
        if self._client is not None:
            self._client.post(self._url, json=payload).raise_for_status()
            return
        with httpx.Client(timeout=self._timeout) as client:
            client.post(self._url, json=payload).raise_for_status()


@dataclass
class _Incident:
    sent_at: datetime
    held: int = 0


class Alerter:
    """Sends alerts to the log and ``channels``, one per key per window."""

    def __init__(
        self,
        channels: Sequence[AlertChannel] = (),
        *,
        window: timedelta = timedelta(hours=1),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.channels = tuple(channels)
        self._window = window
        self._clock = clock
        self._incidents: dict[str, _Incident] = {}
        self._lock = threading.Lock()

    def alert(
        self,
        key: str,
        subject: str,
        body: str = "",
        *,
        severity: Severity = "warning",
        window: timedelta | None = None,
    ) -> bool:
        """Send unless ``key`` was sent within the window; True when it was sent."""
        now = self._clock()
        with self._lock:
            incident = self._incidents.get(key)
            if incident is not None and now - incident.sent_at < (window or self._window):
                incident.held += 1
                return False
            held = incident.held if incident is not None else 0
            self._incidents[key] = _Incident(sent_at=now)
        alert = Alert(key, subject, body or subject, severity, now, suppressed=held)
        logger.log(_LEVELS[severity], "ALERT %s: %s", key, alert.text().replace("\n", " "))
        for channel in self.channels:
            self._deliver(channel, alert)
        return True

    def resolve(self, key: str) -> None:
        """The incident is over: the next alert with ``key`` is sent at once."""
        with self._lock:
            self._incidents.pop(key, None)

    @staticmethod
    def _deliver(channel: AlertChannel, alert: Alert) -> None:
        try:
            channel.send(alert)
        except (OSError, smtplib.SMTPException, httpx.HTTPError) as error:
            logger.error(
                "could not send alert %s by %s (%s); it is in this log only",
                alert.key,
                channel.name,
                _describe(error),
            )


def _describe(error: Exception) -> str:
    """The failure without URLs (a webhook URL can itself be a credential)."""
    if isinstance(error, httpx.HTTPStatusError):
        return f"HTTP {error.response.status_code}"
    if isinstance(error, httpx.HTTPError):
        return type(error).__name__
    return f"{type(error).__name__}: {error}"


class AlertConfig(BaseModel):
    """Where alerts go besides the log (docs/secrets.md lists the variables)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    webhook_url: str | None = None
    email_to: list[str] = Field(default_factory=list)
    email_from: str = "afterclass@localhost"
    smtp_host: str | None = None
    smtp_port: Annotated[int, Field(ge=1, le=65535)] = 25
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    window_minutes: Annotated[float, Field(gt=0)] = 60.0


ALERT_ENV_VARIABLES = {
    "AFTERCLASS_ALERT_WEBHOOK_URL": "webhook_url",
    "AFTERCLASS_ALERT_EMAIL_TO": "email_to",
    "AFTERCLASS_ALERT_EMAIL_FROM": "email_from",
    "AFTERCLASS_SMTP_HOST": "smtp_host",
    "AFTERCLASS_SMTP_PORT": "smtp_port",
    "AFTERCLASS_SMTP_USERNAME": "smtp_username",
    "AFTERCLASS_SMTP_PASSWORD": "smtp_password",
    "AFTERCLASS_SMTP_STARTTLS": "smtp_starttls",
    "AFTERCLASS_ALERT_WINDOW_MINUTES": "window_minutes",
}


def load_alert_config(env: Mapping[str, str]) -> AlertConfig:
    """Alert settings from ``env``; raises ConfigError naming the variable that is wrong."""
    data: dict[str, object] = {}
    for variable, field in ALERT_ENV_VARIABLES.items():
        if env.get(variable):
            value = env[variable]
            data[field] = (
                [a.strip() for a in value.split(",") if a.strip()]
                if (field == "email_to")
                else value
            )
    try:
        config = AlertConfig.model_validate(data)
    except ValidationError as error:
        names = {field: variable for variable, field in ALERT_ENV_VARIABLES.items()}
        problems = "; ".join(f"{names[str(e['loc'][0])]}: {e['msg']}" for e in error.errors())
        raise ConfigError(f"invalid alert settings: {problems}") from None
    if config.email_to and not config.smtp_host:
        raise ConfigError(
            "AFTERCLASS_ALERT_EMAIL_TO is set but AFTERCLASS_SMTP_HOST is not; "
            "name the SMTP server that sends the alerts"
        )
    return config


def build_alerter(config: AlertConfig, *, http: httpx.Client | None = None) -> Alerter:
    """An Alerter with the channels ``config`` names."""
    channels: list[AlertChannel] = []
    if config.smtp_host and config.email_to:
        password = config.smtp_password.get_secret_value() if config.smtp_password else None
        channels.append(
            SmtpChannel(
                config.smtp_host,
                config.smtp_port,
                sender=config.email_from,
                recipients=config.email_to,
                username=config.smtp_username,
                password=password,
                starttls=config.smtp_starttls,
            )
        )
    if config.webhook_url:
        channels.append(WebhookChannel(config.webhook_url, client=http))
    return Alerter(channels, window=timedelta(minutes=config.window_minutes))
