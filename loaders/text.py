"""Reading a source file: bytes → decoded, NFC-normalised lines with a stable hash.

Everything downstream quotes these lines, so the line numbering here is the provenance
contract: line N is the N-th line of the file as the user has it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ontology.records import Source, SourceFile
from policygraph.errors import InputError

# Legacy Vietnamese code page last: it decodes almost any byte string, so it must not shadow UTF-8.
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258")
MAX_BYTES = 20 * 1024 * 1024

_LOOKALIKES = str.maketrans({
    "\u00d0": "Đ",  # Ð (Icelandic eth) typed for Đ
    "\u0189": "Đ",
    **{space: " " for space in "\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                                 "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"},  # every other space is a space
    "\u200b": "",
    "\ufeff": "",
    "\u00ad": "",
})
_LOOKALIKE_CHARS = "".join(chr(c) for c in _LOOKALIKES)
_CONTROL_CHARS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_LOOKALIKE = re.compile(f"[{_LOOKALIKE_CHARS}]")
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")
# What a source may hold that its lines must not: look-alikes, control characters, carriage returns.
# Most files hold none, and one scan for all of them costs less than a scan for each.
_UNUSUAL = re.compile(f"[{_LOOKALIKE_CHARS}{_CONTROL_CHARS}\r]")


def normalise(text: str) -> str:
    """NFC, with look-alike letters and invisible spaces mapped to what the author meant. Mapping
    by ``translate`` costs a dictionary lookup per character (a tenth of extracting a clean file),
    so it runs only on text that holds one of them."""
    return _without_lookalikes(unicodedata.normalize("NFC", text))


def _without_lookalikes(nfc: str) -> str:
    return unicodedata.normalize("NFC", nfc.translate(_LOOKALIKES)) if _LOOKALIKE.search(nfc) else nfc


def _fold_table() -> dict[int, str]:
    """One lower-case ASCII letter per Latin code point (Đ/đ → d), so folding keeps offsets."""
    table: dict[int, str] = {}
    for code in range(0x80, 0x2000):
        ch = chr(code)
        base = "d" if ch in "Đđ" else unicodedata.normalize("NFD", ch)[0].lower()
        if len(base) == 1 and base != ch:
            table[code] = base
    table.update({code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)})
    return table


_FOLD = _fold_table()
# The same mapping as a string indexed by code point, through the General Punctuation block (curly
# quotes, dashes) so that nearly every character of a text finds an entry: ``str.translate`` pays
# for a lookup that fails (an exception inside) about as much as for the whole rest of the work.
_FOLD_STRING = "".join(_FOLD.get(code, chr(code)) for code in range(0x2070))


@lru_cache(maxsize=16384)
def fold_chars(text: str) -> str:
    """Fold to lower-case ASCII one character at a time, so offsets match the original text."""
    return text.lower() if text.isascii() else text.translate(_FOLD_STRING)


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Lower-case ASCII folding for diacritic-insensitive search ("Sở Lao động" → "so lao dong")."""
    return " ".join(fold_chars(normalise(text)).split())


_WORD = re.compile(r"[a-z0-9]+")


def search_key(text: str) -> str:
    """The words of a text folded for search: "Sở Lao động - Thương binh" → "so lao dong thuong binh".
    Stored with every searchable node and applied to every query, on both backends."""
    return " ".join(_WORD.findall(fold(text)))


_BOMS = ((b"\xef\xbb\xbf", "utf-8", "utf-8-sig"), (b"\xff\xfe", "utf-16-le", "utf-16"),
         (b"\xfe\xff", "utf-16-be", "utf-16"))


def _line_of(text: str) -> int:
    """The line a position falls on, for text up to that position (CR, LF and CRLF end a line, as
    in ``read_bytes``)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n") + 1


def _strict(body: bytes, codec: str, name: str) -> str:
    """Decode in an encoding the file declares (a BOM) or shows (UTF-16's NUL pattern): a byte that
    breaks it is a damaged file, reported at its line, never decoded in some other code page."""
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        line = _line_of(body[:exc.start].decode(codec, errors="replace"))
        raise InputError(f"not valid {codec.upper()} text ({exc.reason} at byte {exc.start})",
                         file=name, line=line) from exc


_UTF16_MIN_PAIRS = 8  # fewer bytes than this are too few to tell UTF-16 from binary
# Vietnamese in UTF-16 leaves a NUL in at least this share of the byte pairs (ASCII letters, spaces,
# digits and punctuation make up well over half of its characters) …
_UTF16_NUL_SHARE = 0.3
# … and on one side of the pair this many times more often than on the other (binary data is even).
_UTF16_NUL_SKEW = 4
# A text document holds almost no control characters; more than this share of them is binary data
# or a broken decoding, not a document.
_UNPRINTABLE_SHARE = 0.05


def _utf16_order(head: bytes) -> str | None:
    """The byte order of UTF-16 saved without a BOM, or None. Vietnamese text is mostly ASCII letters
    and spaces, which leave a NUL in every other byte, always on the same side of the pair; binary
    data has its NULs on both sides."""
    pairs = len(head) // 2
    low_first, high_first = head[1::2].count(0), head[0::2].count(0)
    if pairs < _UTF16_MIN_PAIRS:
        return None
    if low_first >= _UTF16_NUL_SHARE * pairs and low_first >= _UTF16_NUL_SKEW * high_first:
        return "le"
    if high_first >= _UTF16_NUL_SHARE * pairs and high_first >= _UTF16_NUL_SKEW * low_first:
        return "be"
    return None


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], codec, name), label
    order = _utf16_order(data[:4096])
    if order:
        return _strict(data, f"utf-16-{order}", name), f"utf-16-{order}"
    nul = data.find(b"\x00", 0, 4096)
    if nul >= 0:
        raise InputError("binary file (NUL bytes): not a text document", file=name,
                         line=_line_of(data[:nul].decode("latin-1")))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        line = _line_of(data[: exc.start].decode("utf-8", errors="replace"))
        try:
            return data.decode("cp1258"), "cp1258"
        except UnicodeDecodeError:
            raise InputError("not UTF-8, UTF-16 or cp1258 text", file=name, line=line) from exc


def _unprintable(lines: list[str]) -> tuple[int, int]:
    """How many characters are neither printable nor a tab, and the first line that has one. Counted
    line by line, since nearly every line is wholly printable and ``str.isprintable`` runs in C; a
    character loop over a whole 5 MB file would take seconds."""
    count, first = 0, 0
    for n, line in enumerate(lines, start=1):
        if not line.isprintable():
            bad = sum(1 for c in line if not c.isprintable() and c != "\t")
            count += bad
            first = first or (n if bad else 0)
    return count, first


# Some portals print a page's line breaks as the four characters ``\r\n``: they are line breaks
# the author meant, never words (real-dev b16 carries a whole document that way).
_LITERAL_BREAK = re.compile(r"(?:\\r)?\\n")


def _split_literal_breaks(lines: list[str]) -> tuple[list[str], tuple[int, ...]]:
    """Lines with printed ``\r\n`` escapes broken where they stand, and for each resulting line the
    file line it came from, so provenance still names the line the user sees in the file."""
    out: list[str] = []
    origin: list[int] = []
    for n, line in enumerate(lines, start=1):
        pieces = _LITERAL_BREAK.split(line) if "\\n" in line else [line]
        out.extend(pieces)
        origin.extend([n] * len(pieces))
    return out, tuple(origin)


@dataclass(frozen=True)
class SourceText:
    """A decoded file: its lines (1-based via ``line(n)``), encoding and hash.

    ``lines`` are the lines as read; when the file printed its line breaks as ``\r\n`` text they are
    split there, and ``origin`` maps each line (1-based) to the file line it stands on. Provenance
    (``source``) always reports file lines."""

    file: SourceFile
    lines: tuple[str, ...]
    origin: tuple[int, ...] = ()
    # Sources of whole lines already built: a task, its assignments and its section often cite the
    # same lines, and a Source is immutable.
    _cited: dict[tuple[int, int], Source] = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        return self.file.file

    def line(self, n: int) -> str:
        return self.lines[n - 1]

    def file_line(self, n: int) -> int:
        """The line of the file that line ``n`` of ``lines`` stands on."""
        return self.origin[n - 1] if self.origin and 0 < n <= len(self.origin) else n

    def source(self, start: int, end: int | None = None, quote: str | None = None) -> Source:
        """Provenance for lines start..end (reported as file lines); the quote defaults to those
        lines, trimmed."""
        end = end or start
        if quote is None:
            cited = self._cited.get((start, end))
            if cited is None:
                cited = self._cited[start, end] = self.source(start, end, "\n".join(self.lines[start - 1:end]).strip())
            return cited
        return Source(file=self.name, line_start=self.file_line(start), line_end=self.file_line(end),
                      quote=quote[:2000] or "…")


def read_bytes(data: bytes, name: str) -> SourceText:
    """Decode and normalise; raise InputError (naming file and line) when it is not a text document.
    A line's only white space is then the space and the tab (``layout.clean`` relies on it)."""
    if len(data) > MAX_BYTES:
        raise InputError(f"file larger than {MAX_BYTES // (1024 * 1024)} MiB", file=name)
    text, encoding = _decode(data, name)
    text = unicodedata.normalize("NFC", text)
    if _UNUSUAL.search(text):
        text = _CONTROL.sub(" ", _without_lookalikes(text).replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError("empty file", file=name)
    lines = text.split("\n")
    unprintable, first = _unprintable(lines)
    if unprintable > _UNPRINTABLE_SHARE * len(text):
        raise InputError("binary or garbled content", file=name, line=first)
    meta = SourceFile(file=name, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding, size=len(data))
    if "\\n" not in text:
        return SourceText(file=meta, lines=tuple(lines))
    split, origin = _split_literal_breaks(lines)
    return SourceText(file=meta, lines=tuple(split), origin=origin)


def read_file(path: Path) -> SourceText:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=path.name) from exc
    return read_bytes(data, path.name)
