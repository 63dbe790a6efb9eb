"""A local OpenAI-compatible HTTP server for the LLM tests: the real SDK talks to it on 127.0.0.1.

It speaks ``POST /v1/chat/completions``, ``GET /v1/models``, Azure's deployment path
``/openai/deployments/{name}/chat/completions?api-version=...`` and Azure's v1 path
``/openai/v1/chat/completions``. Each test scripts the answers (``queue``); every request is
recorded (method, path, query, headers, raw body) so tests can assert what left the process.
A key in ``rejected_keys`` gets its status (401 or 403) on every route, as a revoked key would.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pydantic import BaseModel

CHAT_PATHS = ("/v1/chat/completions", "/openai/v1/chat/completions")
DEPLOYMENT_PREFIX = "/openai/deployments/"


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    raw: bytes

    def json(self) -> Any:
        return json.loads(self.raw)

    @property
    def api_key(self) -> str | None:
        """The key sent: ``Authorization: Bearer`` (OpenAI, Azure v1) or ``api-key`` (Azure)."""
        bearer = self.headers.get("authorization", "")
        if bearer.startswith("Bearer "):
            return bearer.removeprefix("Bearer ")
        return self.headers.get("api-key")


def _json_reply(status: int, payload: object, headers: dict[str, str] | None = None) -> Reply:
    return Reply(
        status,
        json.dumps(payload).encode(),
        {"content-type": "application/json", **(headers or {})},
    )


def completion(
    content: str,
    *,
    finish_reason: str = "stop",
    prompt_tokens: int = 1200,
    cached_tokens: int = 0,
    completion_tokens: int = 400,
    reasoning_tokens: int = 0,
    model: str = "gpt-5-mini-2025-08-07",
    refusal: str | None = None,
    delay_s: float = 0.0,
) -> Reply:
    """A chat completion whose message content is ``content`` (any text, valid JSON or not)."""
    payload = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_760_000_000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": finish_reason,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": cached_tokens},
            "completion_tokens_details": {"reasoning_tokens": reasoning_tokens},
        },
    }
    reply = _json_reply(200, payload)
    return Reply(reply.status, reply.body, reply.headers, delay_s)


def structured(value: BaseModel | dict[str, Any], **kwargs: Any) -> Reply:
    """A completion answering with ``value`` as JSON, as a model obeying the schema would."""
    data = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    return completion(json.dumps(data), **kwargs)


def truncated(value: BaseModel) -> Reply:
    """The answer cut off at the token limit: half the JSON, ``finish_reason: length``."""
    text = value.model_dump_json()
    return completion(text[: len(text) // 2], finish_reason="length")


def malformed() -> Reply:
    return completion('{"profile": {"learning_style_updates": , oops')


def error(
    status: int,
    message: str,
    *,
    code: str | None = None,
    kind: str = "invalid_request_error",
    headers: dict[str, str] | None = None,
) -> Reply:
    payload = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return _json_reply(status, payload, headers)


def rate_limited(retry_after: str = "7") -> Reply:
    """429 for requests per minute, with the headers OpenAI sends."""
    return error(
        429,
        "Rate limit reached for requests per min (RPM): Limit 20, Used 20, Requested 1.",
        code="rate_limit_exceeded",
        kind="requests",
        headers={
            "retry-after": retry_after,
            "x-ratelimit-limit-requests": "20",
            "x-ratelimit-remaining-requests": "0",
            "x-ratelimit-reset-requests": "6s",
            "x-ratelimit-limit-tokens": "40000",
            "x-ratelimit-remaining-tokens": "31000",
            "x-ratelimit-reset-tokens": "13.5s",
        },
    )


def insufficient_quota() -> Reply:
    return error(
        429,
        "You exceeded your current quota, please check your plan and billing details.",
        code="insufficient_quota",
        kind="insufficient_quota",
        headers={"x-should-retry": "false"},
    )


def unauthorized() -> Reply:
    return error(401, "Incorrect API key provided: sk-...abcd.", code="invalid_api_key")


def server_error() -> Reply:
    return error(
        500,
        "The server had an error while processing your request.",
        kind="server_error",
        headers={"x-should-retry": "false"},
    )


def schema_unsupported() -> Reply:
    return error(
        400, "response_format type 'json_schema' is not supported by this server", code=None
    )


class FakeOpenAI:
    """Start with ``start()``; ``url`` is the ``/v1`` base URL; ``stop()`` when done."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.models = ["gpt-5-mini", "llama-3.1-8b-instruct"]
        self.rejected_keys: dict[str, int] = {}
        """API key -> 401 or 403 for every request made with it (a revoked key)."""
        self._replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- scripting ---------------------------------------------------------------------

    def queue(self, *replies: Reply) -> None:
        with self._lock:
            self._replies.extend(replies)

    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.method == "POST"]

    def models_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.method == "GET" and r.path.endswith("/models")]

    def keys_used(self, requests: list[Recorded] | None = None) -> list[str | None]:
        """The key of each request (default: all of them), in order."""
        return [r.api_key for r in (self.requests if requests is None else requests)]

    def sent_bytes(self) -> bytes:
        """Everything that reached the server: paths, headers and bodies."""
        parts = []
        for request in self.requests:
            parts.append(request.path.encode())
            parts.extend(f"{k}: {v}".encode() for k, v in request.headers.items())
            parts.append(request.raw)
        return b"\n".join(parts)

    # --- lifecycle ---------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the fake server is not started")
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.origin}/v1"

    def start(self) -> FakeOpenAI:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="fake-openai",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # --- serving -----------------------------------------------------------------------

    def _record(self, handler: BaseHTTPRequestHandler, raw: bytes) -> Recorded:
        parts = urlsplit(handler.path)
        recorded = Recorded(
            method=handler.command,
            path=parts.path,
            query=parse_qs(parts.query),
            headers={k.lower(): v for k, v in handler.headers.items()},
            raw=raw,
        )
        with self._lock:
            self.requests.append(recorded)
        return recorded

    def _next_reply(self) -> Reply:
        with self._lock:
            if self._replies:
                return self._replies.popleft()
        return error(
            500,
            "the test scripted no answer for this request",
            kind="server_error",
            headers={"x-should-retry": "false"},
        )

    def _answer(self, recorded: Recorded) -> Reply:
        status = self.rejected_keys.get(recorded.api_key or "")
        if status == 401:
            return unauthorized()
        if status is not None:
            return error(status, "You are not allowed to use this key.", kind="permission_error")
        if recorded.method == "GET" and recorded.path in ("/v1/models", "/openai/v1/models"):
            data = [
                {"id": m, "object": "model", "created": 0, "owned_by": "test"} for m in self.models
            ]
            return _json_reply(200, {"object": "list", "data": data})
        chat = recorded.path in CHAT_PATHS or (
            recorded.path.startswith(DEPLOYMENT_PREFIX)
            and recorded.path.endswith("/chat/completions")
        )
        if recorded.method == "POST" and chat:
            return self._next_reply()
        return error(404, f"no route {recorded.method} {recorded.path}", kind="not_found")


def _handler_for(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._serve(b"")

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            self._serve(self.rfile.read(length))

        def _serve(self, raw: bytes) -> None:
            reply = fake._answer(fake._record(self, raw))
            if reply.delay_s and fake._stopping.wait(reply.delay_s):
                return
            try:
                self.send_response(reply.status)
                for name, value in {
                    "content-length": str(len(reply.body)),
                    **reply.headers,
                }.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler
