"""Read a multipart form as it arrives: small fields into memory, the one file straight to disk.

Starlette's ``request.form()`` spools a file in memory up to 1 MB and then to a temporary file
elsewhere, which a clip would then be copied out of. A clip is up to hundreds of megabytes, so
here the file part is written, chunk by chunk, into the private file it will be analysed from;
``BodyLimit`` (outside) cuts the body off at the route's limit wherever it is read.
"""

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from typing import IO

from python_multipart.multipart import MultipartParser, parse_options_header

from hamstrong.errors import InvalidInput

MAX_FIELD_BYTES = 1024  # a hidden field, a choice, a token
MAX_FIELDS = 20


@dataclass
class Received:
    """What a form sent: its fields, and how many bytes its file had (0: none chosen)."""

    fields: dict[str, str] = field(default_factory=dict)
    file_bytes: int = 0
    file_type: str = ""  # the Content-Type the browser gave the file


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    content_type: str = ""
    data: bytearray = field(default_factory=bytearray)


def boundary_of(content_type: str) -> bytes | None:
    kind, params = parse_options_header(content_type)
    if kind != b"multipart/form-data":
        return None
    return params.get(b"boundary") or None


class FormReader:
    """Feed it a multipart body in chunks; fields are kept, file bytes go to ``open_file()``
    (called once, for the first file part that has any bytes). A second non-empty file is
    refused: one clip at a time."""

    def __init__(self, boundary: bytes, open_file: Callable[[], IO[bytes]] | None) -> None:
        self.received = Received()
        self._open_file = open_file
        self._file: IO[bytes] | None = None
        self._part = _Part()
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._headers: dict[str, str] = {}
        self.parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._begin,
                "on_header_field": lambda d, s, e: self._header_name.extend(d[s:e]),
                "on_header_value": lambda d, s, e: self._header_value.extend(d[s:e]),
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_done,
                "on_part_data": self._data,
                "on_part_end": self._end,
            },
        )

    def write(self, chunk: bytes) -> None:
        self.parser.write(chunk)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def _begin(self) -> None:
        self._part = _Part()
        self._headers = {}

    def _header_end(self) -> None:
        name = self._header_name.decode("latin-1").lower()
        self._headers[name] = self._header_value.decode("latin-1")
        self._header_name.clear()
        self._header_value.clear()

    def _headers_done(self) -> None:
        _, params = parse_options_header(self._headers.get("content-disposition", ""))
        self._part.name = params.get(b"name", b"").decode("utf-8", "replace")
        filename = params.get(b"filename")
        self._part.filename = None if filename is None else filename.decode("utf-8", "replace")
        self._part.content_type = self._headers.get("content-type", "")

    def _data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        if part.filename is None:
            if len(part.data) + end - start > MAX_FIELD_BYTES:
                raise InvalidInput({part.name or "form": "is longer than this form allows"})
            part.data.extend(data[start:end])
            return
        if end == start:
            return
        if self._file is None:
            if self.received.file_bytes or self._open_file is None:
                raise InvalidInput({"clip": "Send one clip at a time."})
            self._file = self._open_file()
            self.received.file_type = part.content_type
        self._file.write(data[start:end])
        self.received.file_bytes += end - start

    def _end(self) -> None:
        part = self._part
        if part.filename is None:
            if len(self.received.fields) >= MAX_FIELDS:
                raise InvalidInput({"form": "has more fields than this form sends"})
            self.received.fields.setdefault(part.name, part.data.decode("utf-8", "replace"))
        elif self._file is not None:
            self._file.close()
            self._file = None
            self._open_file = None  # one file only


def read_form(
    chunks: Iterator[bytes], content_type: str, open_file: Callable[[], IO[bytes]]
) -> Received:
    """Read a multipart body to its end, its file into ``open_file()`` (in a worker thread:
    the file is written here, never on the event loop)."""
    boundary = boundary_of(content_type)
    if boundary is None:
        raise InvalidInput({"clip": "Send the clip with the form on this page."})
    reader = FormReader(boundary, open_file)
    try:
        for chunk in chunks:
            reader.write(chunk)
        reader.parser.finalize()
    finally:
        reader.close()
    return reader.received


def body_chunks(stream: AsyncIterator[bytes]) -> Iterator[bytes]:
    """A request's body stream, read from a worker thread: each chunk is awaited on the event
    loop (``anyio.from_thread``), so the route itself stays a plain function in the pool."""
    import anyio.from_thread

    async def following() -> bytes | None:
        try:
            return await anext(stream)
        except StopAsyncIteration:
            return None

    while (chunk := anyio.from_thread.run(following)) is not None:
        yield chunk


def leading_fields(head: bytes, boundary: bytes) -> dict[str, str]:
    """The fields whose parts end within ``head``, the first bytes of a multipart body: the
    CSRF token comes first in our forms, so it is read without reading a large file after it."""
    reader = FormReader(boundary, None)
    # a file part, or a malformed body: what was read so far is all there is
    with suppress(InvalidInput, ValueError):
        reader.write(head)
    return reader.received.fields
