"""The backup file's envelope: compressed, then encrypted with a passphrase, in authenticated chunks.

Layout: a magic line, one JSON header line (format, scrypt parameters and salt, the nonce prefix,
a passphrase check), then chunks of ``flag (1 byte) | length (4 bytes) | AES-256-GCM ciphertext``.
The key comes from the passphrase with scrypt (the `cryptography` library); each chunk's nonce is
the file's random prefix and the chunk's number, and its associated data is the header, the number
and the flag, so a chunk changed, moved, dropped or cut off is caught: the last chunk carries the
final flag, and a file without one was cut short.

The passphrase check (16 more bytes of the scrypt output) tells a wrong passphrase from a damaged
file before a single chunk is read.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import struct
import zlib
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import _

MAGIC = b"PRIVACY-DESK-BACKUP\n"
FORMAT = 1
CHUNK = 1 << 20  # plaintext bytes per chunk
# scrypt's cost: 2**15 x 8 x 128 bytes = 32 MiB of memory, about a tenth of a second.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 15, 8, 1
MIN_PASSPHRASE = 10
_FINAL, _MORE = 1, 0
_MAX_HEADER = 4096


class BackupError(DomainError):
    """A backup can not be made, read or restored; the message says why and what to do."""


class WrongPassphrase(BackupError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "The passphrase does not open this backup. Check it (capitals, spaces) and try "
                "again; nothing was written."
            )
        )


def damaged(detail: str) -> BackupError:
    return BackupError(
        _("The backup file is damaged or incomplete ({detail}); nothing was written.").format(
            detail=detail
        )
    )


def newer_version() -> BackupError:
    return BackupError(
        _(
            "This backup was made by a newer version of Privacy Desk; install that version to "
            "read it. Nothing was written."
        )
    )


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(
            _("A backup passphrase needs at least {n} characters.").format(n=MIN_PASSPHRASE)
        )


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    material = Scrypt(salt=salt, length=48, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return material[:32], material[32:]


def _nonce(prefix: bytes, number: int) -> bytes:
    return prefix + struct.pack(">I", number)


def _aad(header: bytes, number: int, flag: int) -> bytes:
    return header + struct.pack(">IB", number, flag)


class SealedWriter:
    """Write plaintext bytes; they leave compressed and encrypted. Call close() to finish."""

    def __init__(self, out: IO[bytes], passphrase: str) -> None:
        check_passphrase(passphrase)
        salt, prefix = os.urandom(16), os.urandom(8)
        key, check = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        header = {
            "format": FORMAT,
            "cipher": "AES-256-GCM",
            "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P},
            "salt": base64.b64encode(salt).decode("ascii"),
            "nonce": base64.b64encode(prefix).decode("ascii"),
            "check": check.hex(),
            "compression": "zlib",
        }
        self._header = json.dumps(header, sort_keys=True).encode("ascii") + b"\n"
        self._out = out
        self._aead = AESGCM(key)
        self._prefix = prefix
        self._number = 0
        self._pending = bytearray()
        self._zip = zlib.compressobj(6)
        out.write(MAGIC + self._header)

    def write(self, data: bytes) -> None:
        self._pending += self._zip.compress(data)
        while len(self._pending) >= CHUNK:
            self._emit(bytes(self._pending[:CHUNK]), _MORE)
            del self._pending[:CHUNK]

    def close(self) -> None:
        self._pending += self._zip.flush()
        while len(self._pending) > CHUNK:
            self._emit(bytes(self._pending[:CHUNK]), _MORE)
            del self._pending[:CHUNK]
        self._emit(bytes(self._pending), _FINAL)
        self._pending.clear()

    def _emit(self, plain: bytes, flag: int) -> None:
        sealed = self._aead.encrypt(
            _nonce(self._prefix, self._number), plain, _aad(self._header, self._number, flag)
        )
        self._out.write(struct.pack(">BI", flag, len(sealed)) + sealed)
        self._number += 1


def read_header(source: IO[bytes]) -> tuple[bytes, dict[str, Any]]:
    """The header line and its fields; a clear refusal for anything that is not a backup."""
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError(_("This file is not a Privacy Desk backup; nothing was written."))
    line = source.readline(_MAX_HEADER)
    try:
        header = json.loads(line)
        if header["format"] != FORMAT:
            raise newer_version()
        kdf = header["kdf"]
        fields: dict[str, Any] = {
            "salt": base64.b64decode(header["salt"], validate=True),
            "nonce": base64.b64decode(header["nonce"], validate=True),
            "check": bytes.fromhex(header["check"]),
            "n": int(kdf["n"]),
            "r": int(kdf["r"]),
            "p": int(kdf["p"]),
        }
    except BackupError:
        raise
    except (ValueError, KeyError, TypeError):
        raise damaged(_("its header can not be read")) from None
    if len(fields["nonce"]) != 8 or not line.endswith(b"\n"):
        raise damaged(_("its header can not be read"))
    return line, fields


class SealedReader:
    """The plaintext of a sealed file, read in pieces; every piece authenticated before use."""

    def __init__(self, source: IO[bytes], passphrase: str) -> None:
        self._header, fields = read_header(source)
        try:
            key, check = _derive(passphrase, fields["salt"], fields["n"], fields["r"], fields["p"])
        except (ValueError, MemoryError):
            raise damaged(_("its header can not be read")) from None
        if not hmac.compare_digest(check, fields["check"]):
            raise WrongPassphrase()
        self._source = source
        self._aead = AESGCM(key)
        self._prefix = fields["nonce"]
        self._number = 0
        self._unzip = zlib.decompressobj()
        self._ended = False

    def chunks(self) -> Any:
        """Yield the decompressed plaintext piece by piece, refusing any damage on the way."""
        while not self._ended:
            head = self._source.read(5)
            if len(head) < 5:
                raise damaged(_("the file is cut short"))
            flag, length = struct.unpack(">BI", head)
            if flag not in (_FINAL, _MORE) or length > CHUNK + 64:
                raise damaged(_("part {n} is not valid").format(n=self._number + 1))
            sealed = self._source.read(length)
            if len(sealed) < length:
                raise damaged(_("the file is cut short"))
            try:
                plain = self._aead.decrypt(
                    _nonce(self._prefix, self._number),
                    sealed,
                    _aad(self._header, self._number, flag),
                )
            except InvalidTag:
                raise damaged(_("part {n} was changed").format(n=self._number + 1)) from None
            self._number += 1
            try:
                data = self._unzip.decompress(plain)
            except zlib.error:
                raise damaged(_("part {n} was changed").format(n=self._number)) from None
            if flag == _FINAL:
                self._ended = True
                if self._source.read(1):
                    raise damaged(_("there is more data after its end"))
                if not self._unzip.eof:
                    raise damaged(_("the file is cut short"))
            if data:
                yield data


def lines(reader: SealedReader) -> Any:
    """The plaintext as lines (bytes, without the newline)."""
    rest = b""
    for data in reader.chunks():
        rest += data
        *whole, rest = rest.split(b"\n")
        yield from whole
    if rest:
        yield rest
