"""Outlook messages (.msg) for tests, written byte by byte as Outlook stores them.

No library writes .msg files, so this builds the container itself: an OLE compound file
(MS-CFB, version 3: 512-byte sectors, a mini stream for streams under 4,096 bytes, FAT and
mini FAT chains, a directory of 128-byte entries) holding MAPI properties as MS-OXMSG lays them
out: "__substg1.0_<id><type>" streams (001F: UTF-16LE text, 001E: 8-bit text in the message's
code page, 0102: binary), a "__properties_version1.0" stream of fixed-size properties, attachment
storages "__attach_version1.0_#XXXXXXXX" and attached messages in "__substg1.0_3701000D".
olefile (an independent reader) is what the tests check the result with.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
END_OF_CHAIN, FREE, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


@dataclass
class Storage:
    """A folder of the compound file: streams (name -> bytes) and storages."""

    streams: dict[str, bytes] = field(default_factory=dict)
    storages: dict[str, "Storage"] = field(default_factory=dict)


def compound_file(root: Storage) -> bytes:
    """The bytes of an OLE compound file (version 3) holding ``root``."""
    entries: list[dict] = []  # directory entries in order; 0 is the root

    def add(name: str, kind: int, data: bytes | None = None, storage: Storage | None = None) -> int:
        index = len(entries)
        entries.append({"name": name, "kind": kind, "data": data, "left": NO_STREAM, "right": NO_STREAM,
                        "child": NO_STREAM, "start": END_OF_CHAIN, "size": 0})
        if storage is not None:
            children = [add(n, 2, data=d) for n, d in storage.streams.items()]
            children += [add(n, 1, storage=s) for n, s in storage.storages.items()]
            # siblings form a binary search tree ordered by (name length, upper-case name); a
            # chain of right siblings is one (MS-CFB asks for red-black balance, readers do not)
            children.sort(key=lambda i: (len(entries[i]["name"]), entries[i]["name"].upper()))
            for this, following in zip(children, children[1:]):
                entries[this]["right"] = following
            if children:
                entries[index]["child"] = children[0]
        return index

    add("Root Entry", 5, storage=root)

    # small streams go to the mini stream (64-byte mini sectors), large ones to their own sectors
    mini_stream = bytearray()
    mini_fat: list[int] = []
    large: list[dict] = []
    for entry in entries:
        data = entry["data"]
        if entry["kind"] != 2:
            continue
        entry["size"] = len(data)
        if len(data) >= MINI_CUTOFF:
            large.append(entry)
        elif data:
            first = len(mini_fat)
            count = -(-len(data) // MINI_SECTOR)
            mini_fat += list(range(first + 1, first + count)) + [END_OF_CHAIN]
            mini_stream += data.ljust(count * MINI_SECTOR, b"\0")
            entry["start"] = first

    sectors: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        if not data:
            return END_OF_CHAIN
        first = len(sectors)
        count = -(-len(data) // SECTOR)
        for n in range(count):
            sectors.append(data[n * SECTOR:(n + 1) * SECTOR].ljust(SECTOR, b"\0"))
        fat.extend(list(range(first + 1, first + count)) + [END_OF_CHAIN])
        return first

    for entry in large:
        entry["start"] = place(entry["data"])
    entries[0]["start"] = place(bytes(mini_stream))
    entries[0]["size"] = len(mini_stream)
    mini_fat_start = place(b"".join(struct.pack("<I", n) for n in mini_fat))
    mini_fat_sectors = -(-len(mini_fat) * 4 // SECTOR)

    directory = bytearray()
    for entry in entries:
        name = entry["name"].encode("utf-16-le") + b"\0\0"
        directory += name.ljust(64, b"\0") + struct.pack(
            "<HBBIII16sIQQIQ", len(name), entry["kind"], 1, entry["left"], entry["right"], entry["child"],
            b"\0" * 16, 0, 0, 0, entry["start"], entry["size"])
    while len(directory) % SECTOR:  # unused entries: empty names, no siblings
        directory += b"\0" * 64 + struct.pack("<HBBIII16sIQQIQ", 0, 0, 0, NO_STREAM, NO_STREAM, NO_STREAM,
                                               b"\0" * 16, 0, 0, 0, 0, 0)
    directory_start = place(bytes(directory))

    # the FAT covers every sector, its own included
    fat_sectors = 1
    while (len(sectors) + fat_sectors) * 4 > fat_sectors * SECTOR:
        fat_sectors += 1
    assert fat_sectors <= 109, "test fixtures stay small: no DIFAT sectors"
    fat_start = len(sectors)
    fat += [FAT_SECTOR] * fat_sectors
    fat += [FREE] * (fat_sectors * SECTOR // 4 - len(fat))
    table = b"".join(struct.pack("<I", n) for n in fat)
    sectors += [table[n * SECTOR:(n + 1) * SECTOR] for n in range(fat_sectors)]

    difat = [fat_start + n for n in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, fat_sectors, directory_start, 0,
                            MINI_CUTOFF, mini_fat_start if mini_fat else END_OF_CHAIN, mini_fat_sectors,
                            END_OF_CHAIN, 0)
              + b"".join(struct.pack("<I", n) for n in difat))
    assert len(header) == SECTOR
    return header + b"".join(sectors)


def _unicode(text: str) -> bytes:
    return text.encode("utf-16-le") + b"\0\0"


def _properties(header: int, values: dict[int, int]) -> bytes:
    """A "__properties_version1.0" stream: a header, then 16-byte entries of 32-bit values."""
    entries = b"".join(struct.pack("<IIQ", (prop_id << 16) | 0x0003, 6, value) for prop_id, value in values.items())
    return b"\0" * header + entries


def message_storage(subject: str, body: str | None = None, html: str | None = None, *, sender: str = "Anna Petrosyan",
                    attachments: tuple[tuple[str, bytes, str], ...] = (), attached_messages: tuple[Storage, ...] = (),
                    ansi_code_page: int | None = None, rtf_body: bytes | None = None, top_level: bool = True) -> Storage:
    """A message's storage. ``ansi_code_page`` stores the subject and body as 8-bit text (001E)
    in that code page (older Outlook, "ANSI" .msg files) instead of UTF-16 (001F);
    ``rtf_body`` is a compressed RTF body (PR_RTF_COMPRESSED) stored instead of text."""
    streams: dict[str, bytes] = {}

    def put(prop_id: int, text: str) -> None:
        if ansi_code_page:
            streams[f"__substg1.0_{prop_id:04X}001E"] = text.encode(f"cp{ansi_code_page}") + b"\0"
        else:
            streams[f"__substg1.0_{prop_id:04X}001F"] = _unicode(text)

    put(0x0037, subject)
    put(0x0C1A, sender)
    if body is not None:
        put(0x1000, body)
    if html is not None:
        streams["__substg1.0_10130102"] = html.encode("utf-8")
    if rtf_body is not None:
        streams["__substg1.0_10090102"] = rtf_body
    values = {0x3FFD: ansi_code_page} if ansi_code_page else {0x3FFD: 65001}
    streams["__properties_version1.0"] = _properties(32 if top_level else 24, values)
    storage = Storage(streams)
    if top_level:
        storage.storages["__nameid_version1.0"] = Storage({"__substg1.0_00020102": b"", "__substg1.0_00030102": b"",
                                                           "__substg1.0_00040102": b""})
    number = 0
    for name, data, mime in attachments:
        storage.storages[f"__attach_version1.0_#{number:08X}"] = Storage({
            "__substg1.0_3707001F": _unicode(name), "__substg1.0_3704001F": _unicode(name[:8]),
            "__substg1.0_370E001F": _unicode(mime), "__substg1.0_37010102": data,
            "__properties_version1.0": _properties(8, {0x3705: 1}),  # ATTACH_BY_VALUE
        })
        number += 1
    for inner in attached_messages:
        storage.storages[f"__attach_version1.0_#{number:08X}"] = Storage(
            {"__substg1.0_3001001F": _unicode(_subject(inner)), "__properties_version1.0": _properties(8, {0x3705: 5})},
            {"__substg1.0_3701000D": inner},  # ATTACH_EMBEDDED_MSG
        )
        number += 1
    return storage


def _subject(storage: Storage) -> str:
    raw = storage.streams.get("__substg1.0_0037001F", b"\0\0")
    return raw.decode("utf-16-le").rstrip("\0")


def outlook_message(subject: str, body: str | None = None, html: str | None = None, **kwargs) -> bytes:
    """The bytes of a .msg file."""
    return compound_file(message_storage(subject, body, html, **kwargs))
