"""Local servers that speak the real protocols, so the real SDKs are exercised offline.

- ``openai_server``: GET /v1/models answering per API key (200, 401, 403, 500).
- ``key_vault``: HTTPS with a self-signed certificate, the Key Vault secrets REST API and its
  401 bearer challenge; versioned secrets.
- ``webhook``: records JSON POSTs.
- ``smtp``: aiosmtpd on 127.0.0.1, records messages.
- ``free_port``: a port nobody listens on (connections are refused).

Canary values: every secret in these tests starts with ``CANARY``, so a test can grep any output.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from aiosmtpd.controller import Controller
from azure.core.credentials import AccessToken
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def make_canary_key(label: str) -> str:
    """A 32-byte data key in base64 whose text starts with CANARY (so greps find it)."""
    raw = base64.b64decode("CANARY" + label.ljust(10, "A")[:10] + "A" * 28)
    return base64.b64encode(raw[:24] + os.urandom(8)).decode()


@pytest.fixture
def canary_key() -> Callable[[str], str]:
    """``canary_key("label")``: a valid data key whose base64 text starts with CANARYlabel."""
    return make_canary_key


# --- a generic threaded HTTP server --------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: Any


def _serve(
    handler: type[BaseHTTPRequestHandler], state: object
) -> tuple[_Server, threading.Thread]:
    server = _Server(("127.0.0.1", 0), handler)
    server.state = state
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    return server, thread


def _stop(server: _Server, thread: threading.Thread) -> None:
    server.shutdown()
    server.server_close()
    thread.join()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        return

    def reply(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


# --- OpenAI-compatible /v1/models ----------------------------------------------------------


@dataclass
class OpenAIState:
    statuses: dict[str, int] = field(default_factory=dict)
    """API key -> HTTP status for GET /v1/models (unknown keys get 401)."""
    calls: list[str] = field(default_factory=list)
    """The key of each request, in order."""

    def calls_with(self, key: str) -> int:
        return self.calls.count(key)


class _OpenAIHandler(_Handler):
    def do_GET(self) -> None:
        state: OpenAIState = self.server.state
        key = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        state.calls.append(key)
        if self.path.split("?")[0] != "/v1/models":
            self.reply(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
            return
        status = state.statuses.get(key, 401)
        if status == 200:
            model = {"id": "gpt-test", "object": "model", "created": 0, "owned_by": "test"}
            self.reply(200, {"object": "list", "data": [model]})
            return
        # the real service echoes part of the key; the validator must not pass it on
        message = f"Incorrect API key provided: {key}."
        self.reply(status, {"error": {"message": message, "type": "invalid_request_error"}})


@dataclass
class OpenAIServer:
    base_url: str
    state: OpenAIState


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    state = OpenAIState()
    server, thread = _serve(_OpenAIHandler, state)
    try:
        yield OpenAIServer(f"http://127.0.0.1:{server.server_address[1]}/v1", state)
    finally:
        _stop(server, thread)


@pytest.fixture
def free_port() -> int:
    """A local port with no listener: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- Azure Key Vault -----------------------------------------------------------------------

VAULT_TOKEN = "fake-vault-token"
CHALLENGE = (
    'Bearer authorization="https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000",'
    ' resource="https://vault.azure.net"'
)


@dataclass
class VaultVersion:
    version: str
    value: str
    created: int
    enabled: bool = True


@dataclass
class VaultState:
    base_url: str = ""
    secrets: dict[str, list[VaultVersion]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    unauthorized: int = 0

    def add(self, name: str, value: str, *, days_ago: float = 0, enabled: bool = True) -> str:
        """A new latest version of ``name``; returns its version id."""
        version = uuid.uuid4().hex
        created = int(time.time() - days_ago * 86400)
        self.secrets.setdefault(name, []).append(VaultVersion(version, value, created, enabled))
        return version

    def bundle(self, name: str, item: VaultVersion, *, with_value: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": f"{self.base_url}/secrets/{name}/{item.version}",
            "attributes": {
                "enabled": item.enabled,
                "created": item.created,
                "updated": item.created,
                "recoveryLevel": "Recoverable+Purgeable",
            },
            "tags": {},
        }
        if with_value:
            body["value"] = item.value
        return body


class _VaultHandler(_Handler):
    def do_GET(self) -> None:
        state: VaultState = self.server.state
        state.requests.append(self.path)
        if self.headers.get("Authorization") != f"Bearer {VAULT_TOKEN}":
            state.unauthorized += 1
            self.reply(401, {"error": {"code": "Unauthorized"}}, {"WWW-Authenticate": CHALLENGE})
            return
        parsed = urlparse(self.path)
        if "api-version=" not in parsed.query:
            self.reply(400, {"error": {"code": "MissingApiVersionParameter"}})
            return
        parts = [p for p in parsed.path.split("/") if p]
        if len(parts) < 2 or parts[0] != "secrets" or parts[1] not in state.secrets:
            self.reply(404, {"error": {"code": "SecretNotFound", "message": "not found"}})
            return
        versions = state.secrets[parts[1]]
        if len(parts) == 3 and parts[2] == "versions":
            items = [state.bundle(parts[1], v, with_value=False) for v in versions]
            self.reply(200, {"value": items, "nextLink": None})
            return
        if len(parts) == 2:
            item = versions[-1]
        else:
            found = [v for v in versions if v.version == parts[2]]
            if not found:
                self.reply(404, {"error": {"code": "SecretNotFound", "message": "no version"}})
                return
            item = found[0]
        self.reply(200, state.bundle(parts[1], item, with_value=True))


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "vault.pem", directory / "vault.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class FakeCredential:
    """A TokenCredential that hands out the token the local vault accepts."""

    def __init__(self) -> None:
        self.scopes: list[str] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.scopes.extend(scopes)
        return AccessToken(VAULT_TOKEN, int(time.time()) + 3600)


@dataclass
class KeyVault:
    url: str
    state: VaultState
    cert_path: Path
    credential: FakeCredential

    def options(self) -> dict[str, Any]:
        """SecretClient options for this test vault (never in production)."""
        return {"connection_verify": str(self.cert_path), "verify_challenge_resource": False}


@pytest.fixture
def key_vault(tmp_path: Path) -> Iterator[KeyVault]:
    import ssl

    cert_path, key_path = _self_signed(tmp_path)
    state = VaultState()
    server = _Server(("127.0.0.1", 0), _VaultHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.state = state
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    state.base_url = f"https://127.0.0.1:{server.server_address[1]}"
    try:
        yield KeyVault(state.base_url, state, cert_path, FakeCredential())
    finally:
        _stop(server, thread)


# --- alert channels ------------------------------------------------------------------------


class _WebhookHandler(_Handler):
    def do_POST(self) -> None:
        state: WebhookState = self.server.state
        length = int(self.headers.get("Content-Length", "0"))
        state.posts.append(json.loads(self.rfile.read(length)))
        self.reply(state.status, {"ok": state.status < 400})


@dataclass
class WebhookState:
    posts: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200


@dataclass
class Webhook:
    url: str
    state: WebhookState


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    state = WebhookState()
    server, thread = _serve(_WebhookHandler, state)
    try:
        yield Webhook(f"http://127.0.0.1:{server.server_address[1]}/hooks/alerts", state)
    finally:
        _stop(server, thread)


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"


@dataclass
class Smtp:
    host: str
    port: int
    mailbox: _Mailbox


@pytest.fixture
def smtp(free_port: int) -> Iterator[Smtp]:
    mailbox = _Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port)
    controller.start()
    try:
        yield Smtp("127.0.0.1", free_port, mailbox)
    finally:
        controller.stop()
