"""The redactor: runs every recognizer, applies the math guard, resolves overlaps, and replaces
each find by its stable pseudonym.

Overlaps: the longest find wins; a known participant's name always ends up covered, either by
its own span or by a longer one that contains it (an email "maya.lopez@..." is one [EMAIL_1]).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence

from afterclass.models import Person
from afterclass.privacy.addresses import find_addresses, find_places
from afterclass.privacy.dates import find_dates
from afterclass.privacy.ids import find_ids
from afterclass.privacy.known import KnownPeopleRecognizer, KnownPerson
from afterclass.privacy.mathguard import guard
from afterclass.privacy.names import load_name_lists
from afterclass.privacy.online import find_emails, find_handles, find_ips, find_urls
from afterclass.privacy.persons import PersonRecognizer
from afterclass.privacy.phones import PhoneRecognizer
from afterclass.privacy.pseudonyms import Pseudonyms
from afterclass.privacy.scan import Scan
from afterclass.privacy.schools import find_schools
from afterclass.privacy.spans import Candidate, Redaction, Span

Recognizer = Callable[[Scan], list[Candidate]]

_PATTERN_RECOGNIZERS: tuple[Recognizer, ...] = (
    find_emails,
    find_urls,
    find_handles,
    find_ips,
    find_ids,
    find_dates,
    find_addresses,
    find_places,
    find_schools,
)


def phone_regions(language: str, region: str) -> tuple[str, ...]:
    """The numbering plans to try, the session's own first."""
    extra = ("ES", "MX") if language.lower().startswith("es") else ()
    return tuple(dict.fromkeys((region.upper(), *extra, "US")))


def known_participants(people: Sequence[Person]) -> list[KnownPerson]:
    """Each person with the tag kind they get: the first student and tutor have their own."""
    taken: set[str] = set()
    known: list[KnownPerson] = []
    for person in people:
        kind = person.role.upper() if person.role in ("student", "tutor") else "PERSON"
        if kind in taken:
            kind = "PERSON"
        taken.add(kind)
        known.append(KnownPerson(person.name, kind, tuple(person.all_names())))
    return known


#: Between two finds of the same length, the lower rank wins (an SSN said after "number" is an ID).
_TIE_RANK = {"PHONE": 1, "PERSON": 2}


def resolve(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Non-overlapping finds: longest first, and every known name covered."""
    pool = list(candidates)
    ordered = sorted(
        pool, key=lambda c: (-c.length, not c.known, _TIE_RANK.get(c.type, 0), c.start)
    )
    starts: list[int] = []
    accepted: list[Candidate] = []
    for found in ordered:
        if found.length <= 0:
            continue
        index = bisect.bisect_left(starts, found.start)
        if index > 0 and accepted[index - 1].end > found.start:
            continue
        if index < len(accepted) and accepted[index].start < found.end:
            continue
        starts.insert(index, found.start)
        accepted.insert(index, found)
    return _cover_known(accepted, [c for c in pool if c.known])


def _cover_known(accepted: list[Candidate], known: list[Candidate]) -> list[Candidate]:
    """``accepted`` (sorted by start, no overlaps) changed so that it covers every known name."""
    starts = [a.start for a in accepted]
    missing: list[Candidate] = []
    for name in known:
        index = bisect.bisect_right(starts, name.start) - 1
        if index < 0 or accepted[index].end < name.end:
            missing.append(name)
    for name in missing:  # rare: a known name partly overlapped by a longer find
        accepted = [a for a in accepted if not a.overlaps(name)] + [name]
    return sorted(accepted, key=lambda c: c.start) if missing else accepted


class Redactor:
    """Redacts texts of one session; every text shares the session's pseudonyms."""

    def __init__(
        self,
        *,
        known_people: Sequence[Person] = (),
        language: str = "en",
        region: str = "US",
        pseudonyms: Pseudonyms | None = None,
    ) -> None:
        self.pseudonyms = pseudonyms if pseudonyms is not None else Pseudonyms()
        participants = known_participants(known_people)
        for person in participants:
            tag = self.pseudonyms.tag_for(person.kind, person.name, link=False)
            for form in person.forms:
                self.pseudonyms.alias(tag, "PERSON", form)
        self._known = KnownPeopleRecognizer(participants)
        self._persons = PersonRecognizer(load_name_lists(), language=language)
        self._phones = PhoneRecognizer(phone_regions(language, region))

    def find(self, text: str | Scan) -> list[Candidate]:
        """Every find in ``text`` that survives the math guard and the overlap rules."""
        scan = Scan.of(text)
        found = self._known.find(scan)
        found.extend(self._persons.find(scan, known={(c.start, c.end) for c in found}))
        found.extend(self._phones.find(scan))
        for recognizer in _PATTERN_RECOGNIZERS:
            found.extend(recognizer(scan))
        return resolve(guard(scan, found))

    def redact(self, text: str) -> Redaction:
        """``text`` with every find replaced by its tag, and the spans replaced."""
        return self.redact_all([text])[0]

    def redact_all(self, texts: Sequence[str]) -> list[Redaction]:
        """Each of ``texts`` redacted as ``redact`` would, in one pass over all of them.

        Tags are given in order, as if the texts were redacted one after the other.
        """
        redactions = [Redaction(text, ()) for text in texts]
        for index, redaction in self.redact_found(texts):
            redactions[index] = redaction
        return redactions

    def redact_found(self, texts: Sequence[str]) -> list[tuple[int, Redaction]]:
        """``redact_all`` of the texts that have a find, each with its index, in order.

        A lesson has hundreds of turns and a find in few of them: the others need no work.
        """
        scan = Scan(texts)
        found = self.find(scan)
        redactions: list[tuple[int, Redaction]] = []
        index = 0
        while index < len(found):
            segment = scan.segment_of(found[index].start)
            offset, end, text = scan.starts[segment], scan.ends[segment], texts[segment]
            pieces: list[str] = []
            spans: list[Span] = []
            position = 0
            while index < len(found) and found[index].start < end:
                start, stop = found[index].start - offset, found[index].end - offset
                tag = self._tag(found[index])
                pieces.extend((text[position:start], tag))
                spans.append(Span(start, stop, found[index].type, tag))
                position = stop
                index += 1
            pieces.append(text[position:])
            redactions.append((segment, Redaction("".join(pieces), tuple(spans))))
        return redactions

    def _tag(self, found: Candidate) -> str:
        if found.known:
            return self.pseudonyms.tag_for(found.tag_kind, found.value, link=False)
        return self.pseudonyms.tag_for(found.type, found.value)
