"""Online identifiers: email addresses (written or said), URLs, social handles and IP addresses."""

from __future__ import annotations

import ipaddress
import re

from afterclass.privacy.scan import Scan
from afterclass.privacy.spans import Candidate, candidate
from afterclass.privacy.vocabulary import STOPWORDS

_EMAIL = re.compile(
    r"(?<![\w.+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}(?![\w])"
)
_TLD_SAID = r"(?:com|org|net|edu|gov|es|mx|us|io|co|uk)"
_PROVIDERS = r"(?:gmail|yahoo|hotmail|outlook|icloud|aol|live|msn|proton|protonmail|me|mac)"
#: "my email is maya lopez at gmail dot com": everything from the context to the domain.
_EMAIL_SAID_AFTER_CONTEXT = re.compile(
    rf"\b(?:e-?mail|correo)(?:\s+address)?\s*(?:is|es|:)?\s+"
    rf"(?P<addr>[\w.\- ]{{1,40}}?\s(?:at|arroba)\s[\w\- ]{{1,25}}?\s(?:dot|punto)\s{_TLD_SAID})\b",
    re.IGNORECASE,
)
_EMAIL_SAID = re.compile(
    rf"\b[\w]+(?:\s(?:dot|punto|underscore)\s[\w]+)*\s(?:at|arroba)\s{_PROVIDERS}\s(?:dot|punto)\s"
    rf"{_TLD_SAID}\b",
    re.IGNORECASE,
)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_TLDS = r"(?:com|org|net|edu|gov|io|me|co|us|uk|es|mx|info|biz|app|dev|ly|tv|gg|xyz|site|online)"
_DOMAIN = re.compile(
    rf"(?<![\w@.\-/])(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+{_TLDS}"
    r"(?:/[^\s<>\"'`]*)?(?![\w\-])",
    re.IGNORECASE,
)
#: What every domain holds, in lower case (see ``Scan.finditer``).
_DOMAIN_SHAPE = re.compile(rf"\.{_TLDS}")
#: Public sites a lesson may name; not anyone's personal data.
_PUBLIC_SITES = frozenset(
    [
        "google.com",
        "youtube.com",
        "khanacademy.org",
        "desmos.com",
        "wikipedia.org",
        "ixl.com",
        "zearn.org",
        "quizlet.com",
        "kahoot.com",
        "kahoot.it",
        "prodigygame.com",
        "brainpop.com",
        "coolmathgames.com",
        "mathplayground.com",
        "scratch.mit.edu",
        "geogebra.org",
        "mathway.com",
        "wolframalpha.com",
    ]
)
_TRAILING = ".,;:!?)]}'\""
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])")
_PLATFORMS = (
    r"tiktok|instagram|insta|snapchat|snap|roblox|minecraft|discord|fortnite|xbox|psn|twitch|"
    r"youtube|twitter|steam|gamer|epic"
)
_HANDLE_CONTEXT = re.compile(
    rf"(?:\b(?:username|user\s?name|gamertag|gamer\s?tag|handle|screen\s?name|usuario|"
    rf"nombre de usuario)\s*(?:is|es|:)?\s*"
    rf"|\b(?:{_PLATFORMS})\s*(?:name|account|tag|id|channel|cuenta)?\s*(?:is|es|:)\s*)"
    r"(?P<handle>@?[A-Za-z0-9_.]{3,30})",
    re.IGNORECASE,
)
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
#: What every IPv4 address holds, in lower case (a dot first: it is found faster than a digit).
_IPV4_SHAPE = re.compile(r"\.\d{1,3}\.\d{1,3}\.\d")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_VERSION_WORDS = re.compile(
    r"(?:section|chapter|lesson|version|v|standard|unit)\s*$", re.IGNORECASE
)


def find_emails(scan: Scan) -> list[Candidate]:
    text = scan.text
    found = [
        candidate(text, m.start(), m.end(), "EMAIL", confirmed=True) for m in scan.finditer(_EMAIL)
    ]
    for match in scan.finditer(_EMAIL_SAID_AFTER_CONTEXT, caseless=True):
        start, end = match.span("addr")
        found.append(candidate(text, start, end, "EMAIL", confirmed=True))
    found.extend(
        candidate(text, m.start(), m.end(), "EMAIL", confirmed=True)
        for m in scan.finditer(_EMAIL_SAID, caseless=True)
    )
    return found


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


def find_urls(scan: Scan) -> list[Candidate]:
    text = scan.text
    found: list[Candidate] = []
    for match in scan.finditer(_URL, caseless=True):
        end = _trimmed_end(text, match.start(), match.end())
        found.append(candidate(text, match.start(), end, "URL", confirmed=True))
    for match in scan.finditer(_DOMAIN, caseless=True, shape=_DOMAIN_SHAPE):
        end = _trimmed_end(text, match.start(), match.end())
        address = text[match.start() : end]
        host = address.split("/", 1)[0].casefold().removeprefix("www.")
        if host not in _PUBLIC_SITES or "/" in address.rstrip("/"):
            found.append(candidate(text, match.start(), end, "URL", confirmed=True))
    return found


def find_handles(scan: Scan) -> list[Candidate]:
    text = scan.text
    found = [
        candidate(text, m.start(), m.end(), "HANDLE", confirmed=True)
        for m in scan.finditer(_HANDLE)
    ]
    for match in scan.finditer(_HANDLE_CONTEXT, caseless=True):
        handle = match.group("handle").rstrip(".")
        if handle.lstrip("@").casefold() in STOPWORDS:
            continue
        start = match.start("handle")
        found.append(candidate(text, start, start + len(handle), "HANDLE", confirmed=True))
    return found


def find_ips(scan: Scan) -> list[Candidate]:
    text = scan.text
    found: list[Candidate] = []
    for pattern, shape in ((_IPV4, _IPV4_SHAPE), (_IPV6, None)):
        for match in scan.finditer(pattern, shape=shape):
            before = max(0, match.start() - 20)
            if ":" not in match.group() and _VERSION_WORDS.search(text, before, match.start()):
                continue
            try:
                ipaddress.ip_address(match.group())
            except ValueError:
                continue
            found.append(candidate(text, match.start(), match.end(), "IP"))
    return found
