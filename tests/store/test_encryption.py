"""Encryption at rest: no personal value reaches the database in clear; keys rotate without loss."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import inspect, text

from afterclass.errors import CryptoError
from afterclass.privacy.crypto import DataKey, Keyring
from afterclass.store import Store

if TYPE_CHECKING:
    from .conftest import Builders, CommitFn, StoreKit


def _fill(store: Store, build: type[Builders], commit: CommitFn, count: int = 3) -> None:
    """Sessions, analyses, state, audit and pseudonym maps, all full of canaries."""
    for number in range(count):
        session_id = f"call-{number}"
        store.accept_session(build.session(session_id), at=build.T0)
        commit(session_id, analysis=build.analysis(session_id), expected_version=number)
    store.accept_session(build.session("call-waiting"), at=build.T0)


def _raw_sqlite_bytes(url: str) -> bytes:
    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(file.read_bytes() for file in sorted(path.parent.glob(path.name + "*")))


def _raw_table_values(kit: StoreKit) -> list[bytes]:
    """Every value of every table, as bytes (text as UTF-8, blobs as they are stored)."""
    values: list[bytes] = []
    with kit.engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f"SELECT * FROM {table}")):
                for value in row:
                    raw = value if isinstance(value, bytes | memoryview) else str(value).encode()
                    values.append(bytes(raw))
    return values


def test_no_canary_is_in_the_database_in_clear(
    kit: StoreKit, build: type[Builders], commit: CommitFn
) -> None:
    _fill(kit.store, build, commit)
    student = kit.store.get_session("call-1").session.student
    assert student is not None and student.name == build.CANARY_NAME

    values = _raw_table_values(kit)
    assert len(values) > 50
    haystacks = [*values]
    if kit.url.startswith("sqlite"):
        kit.engine.dispose()  # the WAL file is read as well (glob below)
        haystacks.append(_raw_sqlite_bytes(kit.url))
    # The scan does see what is stored in clear: the session ids and the analyzer's name.
    assert any(b"call-waiting" in haystack for haystack in haystacks)
    assert any(b"gpt-test" in haystack for haystack in haystacks)

    for canary in build.CANARIES:
        for case in {canary, canary.lower(), canary.upper()}:
            for encoding in ("utf-8", "utf-16-le"):
                needle = case.encode(encoding)
                assert not any(needle in haystack for haystack in haystacks), canary


def test_a_wrong_key_is_a_clear_crypto_error(
    kit: StoreKit, build: type[Builders], commit: CommitFn
) -> None:
    _fill(kit.store, build, commit, count=1)
    stranger = kit.reopen(Keyring([DataKey(b"\x07" * 32)]))

    with pytest.raises(CryptoError, match=f"key '{build.KEY_A.key_id}'.*not configured"):
        stranger.get_session("call-0")
    with pytest.raises(CryptoError, match="not configured"):
        stranger.latest_analysis("call-0")
    with pytest.raises(CryptoError, match="not configured"):
        stranger.load_state(build.STUDENT_ID)


def test_a_blob_moved_to_another_column_fails_its_integrity_check(
    kit: StoreKit, build: type[Builders], commit: CommitFn
) -> None:
    _fill(kit.store, build, commit, count=1)
    with kit.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE session_analysis SET session_summary = profile_updates "
                "WHERE session_id = 'call-0'"
            )
        )

    with pytest.raises(CryptoError, match="integrity check"):
        kit.store.latest_analysis("call-0")


def _key_ids(kit: StoreKit, keyring: Keyring) -> set[str]:
    with kit.engine.connect() as connection:
        blobs = [
            *connection.execute(text("SELECT payload FROM sessions")).scalars(),
            *connection.execute(text("SELECT state FROM student_state")).scalars(),
            *connection.execute(text("SELECT meta FROM session_analysis")).scalars(),
            *connection.execute(text("SELECT mapping FROM pseudonym_maps")).scalars(),
            *connection.execute(text("SELECT payload FROM audit_log")).scalars(),
        ]
    return {keyring.key_id_of(bytes(blob)) for blob in blobs}


def test_rotation_keeps_old_rows_readable_and_reencrypt_moves_them(
    kit: StoreKit, build: type[Builders], commit: CommitFn
) -> None:
    _fill(kit.store, build, commit, count=3)
    both = Keyring([build.KEY_A, build.KEY_B])  # B is the newest: it writes
    rotated = kit.reopen(both)

    assert rotated.get_session("call-1").session == build.session("call-1")
    rotated.accept_session(build.session("call-new"), at=build.T0)
    assert _key_ids(kit, both) == {build.KEY_A.key_id, build.KEY_B.key_id}

    # 4 old session payloads + 1 state + 3 analyses x 5 blobs + 3 maps + 3 audit events
    assert rotated.reencrypt(batch_size=2) == 4 + 1 + 15 + 3 + 3
    assert _key_ids(kit, both) == {build.KEY_B.key_id}
    assert rotated.reencrypt() == 0

    only_new = kit.reopen(Keyring([build.KEY_B]))
    assert only_new.get_session("call-1").session == build.session("call-1")
    assert only_new.latest_analysis("call-2") == build.analysis("call-2")
    assert only_new.load_state(build.STUDENT_ID).version == 3
    assert len(only_new.audit_for_student(build.STUDENT_ID)) == 3
    assert only_new.pseudonyms("call-0")["[STUDENT]"] == build.CANARY_NAME
