"""How `guide-hq serve` speaks HTTP: uvicorn's httptools protocol with a bound on a request's head.

httptools reads a request line and headers of any size: one 8 MB header was read whole, and ten
half-sent 50 MB headers took the server from 182 to 672 MB. Here a head larger than MAX_HEAD_BYTES
is answered 431 and the connection closed, whether it arrives whole or never ends.
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEAD_BYTES = 64 * 1024  # request line and headers; a real client sends well under 4 KB
_REFUSAL = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"content-type: application/json\r\n"
    b"connection: close\r\n"
    b"content-length: %d\r\n\r\n%s"
)
_BODY = b'{"code":"headers_too_large","detail":"the request line and headers exceed %d bytes"}' % (
    MAX_HEAD_BYTES
)


class _HeadTooLarge(Exception):
    """Raised from a parser callback; httptools turns it into its parse error, which ends the feed."""


class BoundedHeadProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = False
        self._head_bytes = 0  # bytes of the head seen so far, in whatever form they arrived
        self._head_began_in_chunk = False
        self._head_too_large = False

    # The parts httptools hands over whole: the URL, and each header once complete.
    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._head_bytes, self._head_began_in_chunk = True, 0, True

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value) + 4)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def _count(self, size: int) -> None:
        self._head_bytes += size
        if self._head_bytes > MAX_HEAD_BYTES:
            self._head_too_large = True
            raise _HeadTooLarge

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        # A header that never ends is held inside httptools, which calls nothing until it ends:
        # count the bytes of every chunk that arrived wholly within the head (the chunk a head
        # starts in may also carry the previous request's body, so it is not counted).
        if self._in_head and not self._head_too_large and not self.transport.is_closing():
            if not self._head_began_in_chunk:
                self._head_bytes += len(data)
                if self._head_bytes > MAX_HEAD_BYTES:
                    self._head_too_large = True
                    self.send_400_response("")
            self._head_began_in_chunk = False

    def send_400_response(self, msg: str) -> None:
        if not self._head_too_large:
            super().send_400_response(msg)
            return
        self.transport.write(_REFUSAL % (len(_BODY), _BODY))
        self.transport.close()
