"""Token counts with o200k_base, offline, from a file whose hash is checked."""

from __future__ import annotations

import gzip
import socket
from pathlib import Path

import pytest

from afterclass.analysis.llm import tokens
from afterclass.errors import ConfigError


def test_counting_works_with_networking_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("token counting tried to use the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    encoding = tokens.load_encoding()  # a fresh load, not the cached one
    # o200k_base ids, the same as tiktoken.get_encoding("o200k_base") gives
    assert encoding.encode("hello world") == [24912, 2375]
    assert encoding.n_vocab == 200019
    assert tokens.count_text("Hola, ¿cómo estás?", encoding) == 6


def test_a_file_with_the_wrong_hash_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "o200k_base.tiktoken.gz"
    fake.write_bytes(gzip.compress(b"aGVsbG8= 0\n"))
    with pytest.raises(ConfigError, match="not the published"):
        tokens.load_encoding(fake)


def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the o200k_base file"):
        tokens.load_encoding(tmp_path / "missing.gz")


def test_message_counts_include_the_chat_overhead() -> None:
    messages = [{"role": "system", "content": "hello world"}, {"role": "user", "content": "hi"}]
    text_only = (
        tokens.count_text("system") + 2 + tokens.count_text("user") + tokens.count_text("hi")
    )
    assert tokens.count_messages(messages) == text_only + 2 * 3 + 3


def test_special_token_text_counts_as_plain_text() -> None:
    assert tokens.count_text("<|endoftext|>") > 1
