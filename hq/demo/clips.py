"""Demo video clips: poster slideshows as a playable H.264 stream in an MP4 file.

A demo video must play in any player, phones included, without shipping an encoder (PyAV or
FFmpeg would add ~30 MB to every HQ install for demo data alone). H.264 allows uncompressed
macroblocks (I_PCM): each slide is one such frame, held on screen by frames that skip every
macroblock. The result is a valid Constrained Baseline stream, ~340 KB a slide.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from PIL import Image

CLIP_SIZE = (352, 640)  # whole macroblocks (22×40), close to the poster's 9:16
CLIP_FPS = 5
_CLIP_TIMESCALE = 1000


class _Bits:
    """An RBSP bit writer: fixed-width fields, Exp-Golomb codes and raw byte runs."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.value, self.count = 0, 0

    def put(self, value: int, width: int) -> None:
        for shift in range(width - 1, -1, -1):
            self.value = (self.value << 1) | ((value >> shift) & 1)
            self.count += 1
            if self.count == 8:
                self.data.append(self.value)
                self.value, self.count = 0, 0

    def ue(self, *values: int) -> None:
        for value in values:
            code = value + 1
            self.put(0, code.bit_length() - 1)
            self.put(code, code.bit_length())

    def se(self, *values: int) -> None:
        for value in values:
            self.ue(2 * value - 1 if value > 0 else -2 * value)

    def align(self) -> None:
        if self.count:
            self.put(0, 8 - self.count)

    def raw(self, chunk: bytes) -> None:
        self.data += chunk

    def rbsp(self) -> bytes:
        """The bytes with rbsp_trailing_bits: a one, then zeros to the byte boundary."""
        self.put(1, 1)
        self.align()
        return bytes(self.data)


def _nal(header: int, rbsp: bytes) -> bytes:
    """A NAL unit with emulation prevention: no 00 00 0x (x ≤ 3) may appear inside it."""
    return bytes([header]) + re.sub(b"\x00\x00(?=[\x00-\x03])", b"\x00\x00\x03", rbsp)


def _parameter_sets() -> tuple[bytes, bytes]:
    sps = _Bits()
    sps.raw(bytes([66, 0xC0, 30]))  # Baseline, constraint_set0+1 (Constrained Baseline), level 3.0
    sps.ue(0, 0, 2, 1)  # sps id, log2_max_frame_num-4, pic_order_cnt_type 2, one reference frame
    sps.put(0, 1)  # no gaps in frame_num
    sps.ue(CLIP_SIZE[0] // 16 - 1)
    sps.ue(CLIP_SIZE[1] // 16 - 1)
    sps.put(0b1100, 4)  # frame_mbs_only, direct_8x8_inference, no cropping, no VUI
    pps = _Bits()
    pps.ue(0, 0)  # pps id, sps id
    pps.put(0, 2)  # CAVLC, no field order
    pps.ue(0, 0, 0)  # one slice group, one reference index each list
    pps.put(0, 3)  # no weighted prediction
    pps.se(0, 0, 0)  # QP 26, QS 26, chroma QP offset
    pps.put(0b100, 3)  # deblocking control present, no constrained intra, no redundant pictures
    return _nal(0x67, sps.rbsp()), _nal(0x68, pps.rbsp())


def _studio_planes(image: Image.Image) -> tuple[bytes, bytes, bytes]:
    """Y, Cb, Cr in the limited (16–235/240) range decoders assume, chroma halved both ways (4:2:0)."""
    frame = image.convert("RGB").resize(CLIP_SIZE, Image.Resampling.LANCZOS)
    luma, blue, red = frame.convert("YCbCr").split()
    luma = luma.point([16 + round(level * 219 / 255) for level in range(256)])
    chroma = [16 + round(level * 224 / 255) for level in range(256)]
    return luma.tobytes(), blue.reduce(2).point(chroma).tobytes(), red.reduce(2).point(chroma).tobytes()


def _idr_slice(image: Image.Image, idr_id: int) -> bytes:
    """One picture of I_PCM macroblocks: the slide's samples, stored as they are."""
    luma, blue, red = _studio_planes(image)
    width = CLIP_SIZE[0]
    bits = _Bits()
    bits.ue(0, 7, 0)  # first macroblock, I slice, pps 0
    bits.put(0, 4)  # frame_num
    bits.ue(idr_id)
    bits.put(0, 2)  # keep prior pictures' output, no long-term reference
    bits.se(0)  # QP delta
    bits.ue(1)  # deblocking off: it would blur the slide's text
    for row in range(CLIP_SIZE[1] // 16):
        for column in range(width // 16):
            bits.ue(25)  # mb_type I_PCM
            bits.align()
            for y in range(row * 16, row * 16 + 16):
                bits.raw(luma[y * width + column * 16 : y * width + column * 16 + 16])
            for plane in (blue, red):
                for y in range(row * 8, row * 8 + 8):
                    bits.raw(plane[y * width // 2 + column * 8 : y * width // 2 + column * 8 + 8])
    return _nal(0x65, bits.rbsp())


def _skip_slice(frame_num: int) -> bytes:
    """A P picture that repeats the one before: every macroblock skipped."""
    bits = _Bits()
    bits.ue(0, 5, 0)  # first macroblock, P slice, pps 0
    bits.put(frame_num % 16, 4)
    bits.put(0, 3)  # no ref-count override, no list modification, sliding-window marking
    bits.se(0)  # QP delta
    bits.ue(1)  # deblocking off
    bits.ue((CLIP_SIZE[0] // 16) * (CLIP_SIZE[1] // 16))  # mb_skip_run: all of them
    return _nal(0x41, bits.rbsp())


def _box(kind: bytes, *parts: bytes) -> bytes:
    payload = b"".join(parts)
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


def _full_box(kind: bytes, version_flags: int, *parts: bytes) -> bytes:
    return _box(kind, version_flags.to_bytes(4, "big"), *parts)


def _u(*values: int, width: int = 4) -> bytes:
    return b"".join(value.to_bytes(width, "big") for value in values)


_MATRIX = _u(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def _sample_entry(sps: bytes, pps: bytes) -> bytes:
    avcc = _box(
        b"avcC",
        bytes([1, sps[1], sps[2], sps[3], 0xFF, 0xE1]),
        _u(len(sps), width=2),
        sps,
        bytes([1]),
        _u(len(pps), width=2),
        pps,
    )
    width, height = CLIP_SIZE
    name = b"Guide Desk poster clip"
    return _box(
        b"avc1",
        bytes(6),
        _u(1, width=2),
        bytes(16),
        _u(width, height, width=2),
        _u(0x480000, 0x480000, 0),
        _u(1, width=2),
        bytes([len(name)]) + name.ljust(31, b"\0"),
        _u(0x18, 0xFFFF, width=2),
        avcc,
    )


def _sample_table(sizes: list[int], sync: list[int], first_offset: int, entry: bytes) -> bytes:
    frame_ticks = _CLIP_TIMESCALE // CLIP_FPS
    return _box(
        b"stbl",
        _full_box(b"stsd", 0, _u(1), entry),
        _full_box(b"stts", 0, _u(1, len(sizes), frame_ticks)),
        _full_box(b"stss", 0, _u(len(sync), *sync)),
        _full_box(b"stsc", 0, _u(1, 1, len(sizes), 1)),
        _full_box(b"stsz", 0, _u(0, len(sizes), *sizes)),
        _full_box(b"stco", 0, _u(1, first_offset)),
    )


def _movie(sizes: list[int], sync: list[int], first_offset: int, entry: bytes) -> bytes:
    duration = len(sizes) * _CLIP_TIMESCALE // CLIP_FPS
    width, height = CLIP_SIZE
    header = _full_box(
        b"mvhd",
        0,
        _u(0, 0, _CLIP_TIMESCALE, duration, 0x10000),
        _u(0x100, 0, width=2),
        bytes(8),
        _MATRIX,
        bytes(24),
        _u(2),
    )
    track = _full_box(
        b"tkhd",
        3,
        _u(0, 0, 1, 0, duration),
        bytes(8),
        _u(0, 0, 0, 0, width=2),
        _MATRIX,
        _u(width << 16, height << 16),
    )
    media = _box(
        b"mdia",
        _full_box(b"mdhd", 0, _u(0, 0, _CLIP_TIMESCALE, duration), _u(0x55C4, 0, width=2)),
        _full_box(b"hdlr", 0, _u(0), b"vide", bytes(12), b"VideoHandler\0"),
        _box(
            b"minf",
            _full_box(b"vmhd", 1, bytes(8)),
            _box(b"dinf", _full_box(b"dref", 0, _u(1), _full_box(b"url ", 1))),
            _sample_table(sizes, sync, first_offset, entry),
        ),
    )
    return _box(b"moov", header, _box(b"trak", track, media))


def render_clip(slides: Sequence[bytes], seconds_per_slide: int = 2) -> bytes:
    """An MP4 (H.264) showing each PNG of `slides` in turn; moov first, so phones start it at once."""
    sps, pps = _parameter_sets()
    samples: list[bytes] = []
    sync: list[int] = []
    for index, png in enumerate(slides):
        sync.append(len(samples) + 1)
        samples.append(_idr_slice(Image.open(io.BytesIO(png)), index))
        samples.extend(_skip_slice(frame) for frame in range(1, seconds_per_slide * CLIP_FPS))
    chunks = [len(sample).to_bytes(4, "big") + sample for sample in samples]
    sizes = [len(chunk) for chunk in chunks]
    file_type = _box(b"ftyp", b"isom", _u(0x200), b"isomiso2avc1mp41")
    entry = _sample_entry(sps, pps)
    movie_size = len(_movie(sizes, sync, 0, entry))
    movie = _movie(sizes, sync, len(file_type) + movie_size + 8, entry)
    return file_type + movie + _box(b"mdat", *chunks)
