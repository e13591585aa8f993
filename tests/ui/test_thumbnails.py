"""Content files have no suffix: their image format is named from their first bytes, so decoding
never asks every image plugin (a probe that once deadlocked a decoding thread with the UI thread)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from ui.thumbnails import image_format, read_image

# The smallest GIF there is (1×1): Qt reads GIF but does not write it.
ONE_PIXEL_GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


@pytest.mark.parametrize(
    ("written", "named"), [("JPEG", b"jpeg"), ("PNG", b"png"), ("BMP", b"bmp"), ("WEBP", b"webp")]
)
def test_a_suffixless_picture_is_named_by_its_bytes_and_decoded_to_fit(
    tmp_path: Path, written: str, named: bytes
) -> None:
    path = tmp_path / "3f9a0c"  # as the library names a file: its sha256, no suffix
    picture = QImage(400, 300, QImage.Format.Format_RGB32)
    picture.fill(0x336699)
    assert picture.save(str(path), written)
    assert image_format(str(path)) == named
    assert read_image(str(path), QSize(160, 120)).size() == QSize(160, 120)


def test_a_gif_is_named_and_anything_else_is_left_to_qt(tmp_path: Path) -> None:
    gif, text, missing = tmp_path / "gif", tmp_path / "text", tmp_path / "missing"
    gif.write_bytes(ONE_PIXEL_GIF)
    text.write_text("not a picture")
    assert image_format(str(gif)) == b"gif" and read_image(str(gif)).size() == QSize(1, 1)
    assert image_format(str(text)) == b"" and read_image(str(text)).isNull()
    assert image_format(str(missing)) == b"" and read_image(str(missing)).isNull()
