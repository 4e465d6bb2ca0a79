"""Reading bytes: encodings, Unicode normalisation, and clear errors for what is not a document."""

from __future__ import annotations

import unicodedata

import pytest

from loaders.extract import extract_bytes
from loaders.text import fold, read_bytes
from policygraph.errors import InputError

SAMPLE = "Cơ quan chủ trì: Sở Lao động - Thương binh và Xã hội.\nĐiều 1."
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_bytes(text: str) -> bytes:
    """Encode as the legacy code page does: precomposed vowels (ơ, ê …) plus combining tone marks."""
    out = []
    for ch in text:
        marks = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in marks if c not in TONES))
        out.append(base + "".join(c for c in marks if c in TONES))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding, label", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1258", "cp1258"),
    ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),  # without a byte-order mark
])
def test_each_supported_encoding_is_read_and_named(encoding, label):
    data = cp1258_bytes(SAMPLE) if encoding == "cp1258" else SAMPLE.encode(encoding)
    src = read_bytes(data, "x.txt")
    assert src.file.encoding == label
    assert "\n".join(src.lines) == SAMPLE


def test_decomposed_unicode_is_normalised_to_nfc():
    src = read_bytes(unicodedata.normalize("NFD", SAMPLE).encode(), "nfd.txt")
    assert all(unicodedata.is_normalized("NFC", line) for line in src.lines)
    assert src.lines[0] == SAMPLE.splitlines()[0]


def test_lookalike_eth_and_nonbreaking_spaces_are_mapped():
    src = read_bytes("Ðề nghị\u00a0Sở Y tế".encode(), "eth.txt")
    assert src.lines[0] == "Đề nghị Sở Y tế"


@pytest.mark.parametrize("data, message", [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"\x00\x01\x02\x03binary", "binary file"),
])
def test_unreadable_files_raise_an_error_naming_the_file(data, message):
    with pytest.raises(InputError, match=message) as info:
        read_bytes(data, "bad.txt")
    assert str(info.value).startswith("bad.txt")


@pytest.mark.parametrize("data, message, line", [
    (b"\xef\xbb\xbf" + cp1258_bytes("Điều 1.\nĐiều 2.\n"), "not valid UTF-8 text", 1),
    (b"\xef\xbb\xbf" + "Dòng một\nĐiề".encode()[:-1], "not valid UTF-8 text", 2),
    (SAMPLE.encode("utf-16")[:-1], "not valid UTF-16-LE text", 2),
    (b"\xff\xfe" + "a\nb".encode("utf-16-le") + b"\x00\xd8" + "c".encode("utf-16-le"), "surrogate", 2),
    (SAMPLE.encode() + b"\n\x00", "binary file", 3),
])
def test_a_file_that_breaks_its_encoding_is_refused_at_the_line(data, message, line):
    """A BOM (or UTF-16's NUL pattern) declares the encoding, so a byte that breaks it is damage at a
    line, not a reason to guess another code page."""
    with pytest.raises(InputError, match=message) as info:
        read_bytes(data, "broken.txt")
    assert str(info.value).startswith(f"broken.txt:{line}:")


def test_a_file_without_structure_is_read_with_a_warning_naming_its_line():
    """Text is never refused for what it lacks: the document is unknown, and the warnings say why."""
    ex = extract_bytes("chỉ một dòng".encode(), "one-line.txt")
    warning = next(w for w in ex.warnings if w.code == "no_structure")
    assert warning.source is not None and warning.source.line_start == 1


def test_printed_crlf_escapes_split_lines_that_keep_their_file_line():
    src = read_bytes("Số: 5/KH-UBND\\r\\nKẾ HOẠCH\nTrên đây là Kế hoạch.".encode(), "escaped.txt")
    assert src.lines == ("Số: 5/KH-UBND", "KẾ HOẠCH", "Trên đây là Kế hoạch.")
    assert [src.file_line(n) for n in (1, 2, 3)] == [1, 1, 2]
    assert src.source(2, 3).line_start == 1 and src.source(2, 3).line_end == 2


def test_folding_makes_search_work_without_diacritics():
    assert fold("Sở Lao động - Thương binh và Xã hội") == "so lao dong - thuong binh va xa hoi"
    assert fold("ĐẢNG CỘNG SẢN") == "dang cong san"


def test_a_source_line_holds_no_white_space_but_the_space_and_the_tab():
    """Every other space (em space, ideographic space, line separator …) and every control character
    becomes a space, so a line is single-spaced by splitting it only where it holds a double space
    or a tab (``layout.clean``)."""
    from loaders.layout import clean

    spaces = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \t\n\r")
    text = "".join(f"Sở{s}Y tế\t chủ trì  {s}rà soát\x0b.\r\n" for s in spaces)
    lines = read_bytes(text.encode("utf-8"), "t.txt").lines
    assert all(not c.isspace() or c in " \t" for line in lines for c in line)
    assert [clean(line) for line in lines if line] == ["Sở Y tế chủ trì rà soát ."] * len(spaces)
