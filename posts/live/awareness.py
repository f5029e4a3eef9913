"""Yjs awareness messages (who is in the room, their cursors), read and written.

A message is the type byte (1), then one lib0 var-uint8-array holding the
update: a var-uint count, then per client its var-uint id, var-uint clock and
a var-string of JSON (its state; null when the client left).

>>> message = encode([Entry(7, 1, {"user": {"name": "ann"}})])
>>> decode(message)
[Entry(client=7, clock=1, state={'user': {'name': 'ann'}})]
"""

from __future__ import annotations

import json
from dataclasses import dataclass

MESSAGE_AWARENESS = 1


@dataclass
class Entry:
    client: int
    clock: int
    state: dict | None


def var_uint(number: int) -> bytes:
    out = bytearray()
    while number > 0x7F:
        out.append(0x80 | (number & 0x7F))
        number >>= 7
    out.append(number)
    return bytes(out)


def _read_var_uint(data: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if at >= len(data) or shift > 63:
            raise ValueError("truncated number")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def _read_bytes(data: bytes, at: int) -> tuple[bytes, int]:
    length, at = _read_var_uint(data, at)
    if at + length > len(data):
        raise ValueError("truncated bytes")
    return data[at : at + length], at + length


def decode(message: bytes) -> list[Entry]:
    """The entries of an awareness message; ValueError for anything malformed."""
    if not message or message[0] != MESSAGE_AWARENESS:
        raise ValueError("not an awareness message")
    update, _ = _read_bytes(message, 1)
    count, at = _read_var_uint(update, 0)
    entries = []
    for _ in range(count):
        client, at = _read_var_uint(update, at)
        clock, at = _read_var_uint(update, at)
        raw, at = _read_bytes(update, at)
        try:
            state = json.loads(raw.decode())
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ValueError("state is not JSON") from None
        if state is not None and not isinstance(state, dict):
            raise ValueError("state is not an object")
        entries.append(Entry(client, clock, state))
    return entries


def encode(entries: list[Entry]) -> bytes:
    update = bytearray(var_uint(len(entries)))
    for entry in entries:
        state = json.dumps(entry.state, separators=(",", ":")).encode()
        update += var_uint(entry.client) + var_uint(entry.clock)
        update += var_uint(len(state)) + state
    return bytes([MESSAGE_AWARENESS]) + var_uint(len(update)) + bytes(update)
