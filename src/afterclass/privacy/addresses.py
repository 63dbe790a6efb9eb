"""Where someone lives: street addresses (US and Spanish styles) and towns said as home.

* "1420 Maple Street, Apt 4B, Austin, TX 78701", "42 maple st" after "I live at", "Calle
  Mayor 12, 3º B", "Av. Reforma 222" -> ADDRESS.
* "I live in Austin", "we moved to San Antonio", "I'm from Monterrey", "vivo en Sevilla" ->
  PLACE. A town named elsewhere ("a train leaves Chicago") is not about anyone and stays.
"""

from __future__ import annotations

import re

from afterclass.privacy.scan import Scan
from afterclass.privacy.spans import Candidate, candidate
from afterclass.privacy.vocabulary import ADDRESS_CONTEXT, PLACE_NAMES, STOPWORDS

_SUFFIX = (
    r"street|st|avenue|ave|av|road|rd|lane|ln|drive|dr|court|ct|boulevard|blvd|way|place|pl|"
    r"circle|cir|terrace|ter|parkway|pkwy|highway|hwy|trail|trl|square|sq|loop|alley|plaza|"
    r"crescent|close|row|path|pike|run|crossing|xing|point|ridge|hollow|bend|cove|heights|walk|"
    r"expressway|freeway|route|rte"
)
_UNIT = r"(?:,?\s+(?i:apt|apartment|unit|suite|ste|no|number|floor|fl|#)\.?\s*#?\s*[\w\-]{1,6})?"
_STATE = r"[A-Z]{2}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?"
_CITY_LINE = (
    rf"(?:,?\s+[A-Z][A-Za-z.'\-]+(?:\s[A-Z][A-Za-z.'\-]+){{0,2}},\s+(?:{_STATE})"
    rf"(?:\s+\d{{5}}(?:-\d{{4}})?)?)?"
)
_NUMBER = r"\d{1,6}[A-Za-z]?(?:-\d{1,4})?"
_DIRECTION = (
    r"(?:(?:[NSEW]|north|south|east|west|northeast|northwest|southeast|southwest)\.?[ \t]+)?"
)
_CAP_WORDS = r"(?:(?:[A-Z][\w'’.\-]*|\d{1,3}(?:st|nd|rd|th))[ \t]+){1,4}"
_ANY_WORDS = r"(?:[\w'’.\-]+\s+){1,4}?"
STREET = re.compile(
    rf"(?<![\w\-/.,])(?:{_NUMBER})[ \t]+{_DIRECTION}{_CAP_WORDS}(?i:{_SUFFIX})\b{_UNIT}{_CITY_LINE}"
)
STREET_SAID = re.compile(
    rf"\b(?:{ADDRESS_CONTEXT})\s+(?:the\s+)?(?P<addr>(?:{_NUMBER}\s+)?{_DIRECTION}{_ANY_WORDS}"
    rf"(?:{_SUFFIX})\b{_UNIT})",
    re.IGNORECASE,
)
#: "Apt. 026", "Suite 932" on their own: a unit of someone's address.
UNIT_ALONE = re.compile(
    r"\b(?:Apt|Apartment|Suite|Ste|Apto|Depto|Piso)\.?[ \t]*#?[ \t]*\d{1,5}[A-Za-z]?\b"
)
#: "Address: ..." and "dirección: ..." label the rest of the line.
ADDRESS_LINE = re.compile(
    r"\b(?:address|addr|direcci[oó]n|domicilio)\s*(?:is|es)?\s*:"
    r"[ \t]*\n?[ \t]*(?P<addr>[^\n]{4,80})",
    re.IGNORECASE,
)
_VIA = (
    r"calle|c/|avenida|av\.|avda\.?|paseo|plaza|pza\.|camino|carrera|cra\.|calzada|calz\.|"
    r"privada|callej[oó]n|bulevar|ronda|traves[ií]a|glorieta|rambla|v[ií]a"
)
_LINK = r"(?:(?:de|del|la|las|los|el|y)\s+)*"
_ES_NAME = rf"{_LINK}[A-ZÁÉÍÓÚÑ][\w'’.\-]*(?:\s+{_LINK}[A-ZÁÉÍÓÚÑ][\w'’.\-]*){{0,4}}"
_ES_NUMBER = (
    r",?\s+(?:n[º°o]\.?\s*|#\s*|n[uú]mero\s+)?\d{1,5}[A-Za-z]?(?:,?\s*\d{1,2}[º°ª]?\s*[A-Za-z]?\b)?"
)
STREET_ES = re.compile(rf"\b(?i:{_VIA})\s+{_ES_NAME}{_ES_NUMBER}")
STREET_ES_SAID = re.compile(
    rf"\b(?:vivo|vivimos|vive|viven)\s+en\s+(?:la\s+|el\s+)?(?P<addr>(?:{_VIA})\s+"
    rf"(?:[\w'’.\-]+\s+){{0,4}}?(?:n[º°o]\.?\s*|#\s*|n[uú]mero\s+)?\d{{1,5}}[A-Za-z]?)",
    re.IGNORECASE,
)
_THE_CITY_OF = r"\s+(?:the\s+(?:city|town)\s+of\s+|la\s+ciudad\s+de\s+|el\s+pueblo\s+de\s+)?"
#: Contexts after which a town may be written in lower case ("i live in austin").
_HOME = re.compile(
    r"\b(?:(?:live|lives|lived|living)\s+(?:in|near|outside(?:\s+of)?)"
    r"|(?:i'?m|i\s+am|we'?re|we\s+are)\s+from"
    r"|(?:vivo|vivimos|vive|viven)\s+(?:en|cerca\s+de)|(?:soy|somos)\s+de)" + _THE_CITY_OF,
    re.IGNORECASE,
)
#: Contexts after which only a capitalized name counts ("we moved to Denver").
_HOME_CAPITALIZED = re.compile(
    r"\b(?:(?:grew up|moved|move|moving)\s+(?:in|to|near)"
    r"|(?:(?:he|she)'?s|(?:he|she)\s+is|they'?re|come|comes|came)\s+from"
    r"|(?:crec[ií]|nac[ií])\s+en|(?:es|son)\s+de|(?:me\s+mud[eé]|nos\s+mudamos|se\s+mud[oó])\s+a)"
    + _THE_CITY_OF,
    re.IGNORECASE,
)
_PLACE_CAP = re.compile(
    r"(?:(?:St\.|San|Santa|Los|Las|El|La|New|Fort|Ft\.|Port|Mount|Mt\.)[ \t]+)?"
    r"[A-ZÁÉÍÓÚÑ][\w'’\-]+(?:[ \t]+(?:(?:de|del|la|los|las)[ \t]+)?[A-ZÁÉÍÓÚÑ][\w'’\-]+){0,2}"
    r"(?:,[ \t]+(?:[A-Z]{2}\b|[A-Z][a-z]+))?"
)
_PLACE_LOWER = re.compile(r"[a-záéíóúñ][\w'’\-]+")
_PREFIXES = frozenset(
    [
        "st",
        "san",
        "santa",
        "los",
        "las",
        "el",
        "la",
        "new",
        "fort",
        "ft",
        "port",
        "mount",
        "mt",
        "saint",
    ]
)
_PLACE_LOWER_PREFIXED = re.compile(
    r"(?:san|santa|los|las|el|la|new|fort|saint|st\.)[ \t]+[a-záéíóúñ][\w'’\-]+(?!\w)"
)
_GENERIC_PLACES = frozenset(
    [
        "house",
        "apartment",
        "city",
        "town",
        "country",
        "place",
        "home",
        "area",
        "neighborhood",
        "building",
        "street",
        "village",
        "farm",
        "trailer",
        "condo",
        "world",
        "class",
        "room",
        "fear",
        "peace",
        "casa",
        "ciudad",
        "pueblo",
        "grado",
    ]
)
_ORDINALS = frozenset(
    [
        "primero",
        "primer",
        "segundo",
        "tercero",
        "tercer",
        "cuarto",
        "quinto",
        "sexto",
        "septimo",
        "séptimo",
        "octavo",
        "noveno",
        "decimo",
        "décimo",
    ]
)


def find_addresses(scan: Scan) -> list[Candidate]:
    text = scan.text
    found = [candidate(text, m.start(), m.end(), "ADDRESS") for m in scan.finditer(STREET)]
    found.extend(candidate(text, m.start(), m.end(), "ADDRESS") for m in scan.finditer(STREET_ES))
    found.extend(candidate(text, m.start(), m.end(), "ADDRESS") for m in scan.finditer(UNIT_ALONE))
    for pattern in (STREET_SAID, STREET_ES_SAID, ADDRESS_LINE):
        for match in scan.finditer(pattern, caseless=True):
            start, end = match.span("addr")
            found.append(candidate(text, start, end, "ADDRESS", confirmed=True))
    return found


def _place_at(text: str, pos: int, *, lower_case: bool) -> tuple[int, int] | None:
    capital = _PLACE_CAP.match(text, pos)
    if capital is not None:
        words = capital.group().split()
        named = [w for w in words if w.casefold().rstrip(".") not in _PREFIXES] or words
        return None if named[0].casefold() in STOPWORDS else capital.span()
    prefixed = _PLACE_LOWER_PREFIXED.match(text, pos) if lower_case else None
    if prefixed is not None:
        return prefixed.span()
    lower = _PLACE_LOWER.match(text, pos) if lower_case else None
    if lower is None:
        return None
    word = lower.group().casefold()
    if word in STOPWORDS or word in _GENERIC_PLACES or word in _ORDINALS:
        return None
    if word in PLACE_NAMES or not any(ch.isdigit() for ch in word):
        return lower.span()
    return None


def find_places(scan: Scan) -> list[Candidate]:
    text = scan.text
    found: list[Candidate] = []
    for pattern, lower_case in ((_HOME, True), (_HOME_CAPITALIZED, False)):
        for match in scan.finditer(pattern, caseless=True):
            span = _place_at(text, match.end(), lower_case=lower_case)
            if span is not None:
                found.append(candidate(text, span[0], span[1], "PLACE", confirmed=True))
    return found
