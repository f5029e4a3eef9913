"""Check that an upload is UTF-8 text before anything reads it.

Part of parse_draft (posts.textkit.parsing); pure Python, no Django. Bytes that
are too big, empty, another file type (PDF, ZIP, images, RTF), binary, UTF-16/32,
NUL-bearing or not UTF-8 raise DraftRejected with a sentence for the writer; a
UTF-8 byte order mark is dropped.
"""

from __future__ import annotations

from posts.textkit.drafts import DraftRejected

MAX_BYTES = 1_000_000


_SIGNATURES = [
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .odt or .zip)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
]
_TEXT_CONTROLS = {9, 10, 12, 13}  # tab, LF, form feed, CR


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise DraftRejected(
            f"The file is {len(data):,} bytes; the limit is {MAX_BYTES:,} bytes (1 MB)."
        )
    if not data:
        raise DraftRejected("The file is empty.")
    _reject_other_encodings(data)
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            raise DraftRejected(
                f"This is {kind}, not a Markdown text: export or save it as Markdown (.md) or plain text (.txt) and try again."
            )
    controls = sum(
        1 for byte in data if (byte < 32 and byte not in _TEXT_CONTROLS) or byte == 127
    )
    if controls > 8 and controls * 100 > len(data):
        raise DraftRejected(
            "This looks like a binary file (it is full of control characters), not a Markdown text."
        )
    nul = data.find(b"\x00")
    if nul != -1:
        raise DraftRejected(
            f"The file contains a NUL byte at offset {nul}; a Markdown text never does. Is it the right file?"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        offset = 3
    else:
        offset = 0
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        position = offset + exc.start
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        raise DraftRejected(
            f"The file is not valid UTF-8: byte 0x{byte:02X} at offset {position} (line {line}) cannot be read. "
            "It is probably Latin-1 or Windows-1252: save it as UTF-8 and try again."
        ) from None


def _reject_other_encodings(data: bytes) -> None:
    """UTF-16 and UTF-32, by byte order mark or by the NUL bytes of mostly-ASCII text."""
    encoding = None
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "UTF-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "UTF-16"
    else:
        head = data[:4000]
        if all(_nul_share(head, 4, k) >= 0.9 for k in (1, 2, 3)) or all(
            _nul_share(head, 4, k) >= 0.9 for k in (0, 1, 2)
        ):
            encoding = "UTF-32"
        elif any(
            _nul_share(head, 2, k) >= 0.7 and _nul_share(head, 2, 1 - k) < 0.1
            for k in (0, 1)
        ):
            encoding = "UTF-16"
    if encoding:
        raise DraftRejected(
            f"The file is {encoding}, not UTF-8: save it as UTF-8 and try again."
        )


def _nul_share(head: bytes, step: int, offset: int) -> float:
    """How many of head's bytes at offset, offset + step, ... are NUL (0 to 1)."""
    units = head[offset::step]
    return units.count(0) / len(units) if len(head) >= 2 * step else 0.0


def check_text(text: str) -> str:
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise DraftRejected(f"The text is longer than {MAX_BYTES:,} bytes (1 MB).")
    for position, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            raise DraftRejected(
                f"The text has a broken character (a lone surrogate) at position {position}."
            )
    if "\x00" in text:
        raise DraftRejected(
            f"The text contains a NUL character at position {text.index(chr(0))}; a Markdown text never does."
        )
    return text.removeprefix("\ufeff")


def warn_about_control_characters(text: str, warnings: list[str]) -> None:
    count = sum(
        1
        for char in text
        if (ord(char) < 32 and ord(char) not in _TEXT_CONTROLS)
        or 127 <= ord(char) < 160
    )
    if count > 8 and count * 100 > len(text):
        raise DraftRejected(
            "This looks like a binary file (it is full of control characters), not a Markdown text."
        )
    if count:
        warnings.append(
            f"The text contains {count} invisible control character(s); they are kept as they are."
        )
