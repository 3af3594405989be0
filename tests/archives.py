"""ZIP archives for tests, as an archiver writes them."""

from __future__ import annotations

import io
import zipfile


def zip_bytes(*members: tuple[str, bytes], encrypted: tuple[str, ...] = ()) -> bytes:
    """An archive of ``members`` (name, content), deflated. ``encrypted`` members carry the
    password flag in their local and central headers, as an encrypting archiver sets it
    (zipfile cannot encrypt, so the flag is set in the bytes it wrote; nothing reads them)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2023, 9, 20, 13, 0, 0)), content, zipfile.ZIP_DEFLATED)
    data = bytearray(buffer.getvalue())
    for signature, flags_at, name_length_at, name_at in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        start = data.find(signature)
        while start >= 0:
            length = int.from_bytes(data[start + name_length_at:start + name_length_at + 2], "little")
            if data[start + name_at:start + name_at + length].decode() in encrypted:
                data[start + flags_at] |= 0x1
            start = data.find(signature, start + 4)
    return bytes(data)
