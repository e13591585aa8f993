"""A content library as HQ fills a guide's book: posters with real JPEG files, scripts, cards, links, a video.

Rows go straight into the book (as a sync's pull leaves them: `data` is the ContentPublic JSON,
`local_path` set once the file is here and verified); the files are made with Qt and written
under `folder` as the sync would place them (content-addressed).
"""

from __future__ import annotations

import hashlib
import os
import struct
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter

from guide_app.book.models import ContentAsset
from guide_app.book.store import Book
from guide_app.sync.assets import asset_path

CAMPAIGNS = ("双11预热", "会员日", "冬季新品", "圣诞礼遇", "年货节")
TAGS = ("羽绒服", "新品", "会员日", "老客", "大衣", "针织", "黑色", "礼盒")
PRODUCTS = (
    ("鹅绒短款羽绒服 黑色", "YRF-2026-BK", 129_900),
    ("双面羊绒大衣 驼色", "DY-2026-CA", 259_900),
    ("圆领羊毛针织衫", "ZZ-2026-GR", 49_900),
    ("轻暖连帽外套", "WT-2026-NV", 79_900),
)
SCRIPTS = (
    "{称呼}您好，双11预热已开始！您关注的羽绒服今天起9折，会员再享积分翻倍，欢迎来店试穿～",
    "{称呼}，本周六是我们的会员日，全场新品8.8折，我给您留了M码，方便的话提前告诉我哦。",
    "{姓}女士您好，天气转凉了，上次您看中的羊绒大衣到新色了，需要我发几张实拍图给您吗？",
    "{称呼}您好，感谢您一直以来的支持！圣诞礼盒已到店，凭会员码可免费包装，欢迎来取～",
)
POSTER_SIZE = (720, 960)
DESIGNS = 8  # distinct pictures drawn; more posters reuse them, each as its own file
COLOURS = ("#7f1d1d", "#1e3a8a", "#14532d", "#78350f", "#581c87", "#134e4a")


@dataclass(frozen=True, slots=True)
class PlacedItem:
    id: str
    kind: str
    title: str
    local_path: str | None


def poster_jpeg(title: str, number: int, size: tuple[int, int] = POSTER_SIZE) -> bytes:
    """A poster as HQ's designers make them: a gradient, a big title, the campaign line."""
    width, height = size
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(0, 0, width, height)
    gradient.setColorAt(0, QColor(COLOURS[number % len(COLOURS)]))
    gradient.setColorAt(1, QColor("#f5f5f4"))
    painter.fillRect(image.rect(), gradient)
    painter.setPen(QColor("white"))
    font = QFont()
    font.setPixelSize(width // 10)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRect(40, 60, width - 80, height // 2), Qt.TextFlag.TextWordWrap, title)
    font.setPixelSize(width // 22)
    painter.setFont(font)
    painter.drawText(
        QRect(40, height - 160, width - 80, 120), Qt.TextFlag.TextWordWrap, f"No.{number:03d} 到店有礼"
    )
    painter.end()
    return _encoded(image, "JPG", 85)


def _numbered(jpeg: bytes, number: int) -> bytes:
    """The same poster as a file of its own (its own sha256, decoded on its own): a JPEG comment
    segment after the start marker, which every decoder skips."""
    comment = f"poster {number}".encode()
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + jpeg[2:]


def _encoded(image: QImage, fmt: str, quality: int) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, fmt, quality)  # type: ignore[call-overload]
    return bytes(data.data())


def place_file(folder: Path, payload: bytes) -> tuple[str, Path]:
    """Write a file where a sync puts it; its sha256 and path."""
    sha256 = hashlib.sha256(payload).hexdigest()
    path = asset_path(folder, sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(payload)
    return sha256, path


def content_row(
    title: str,
    kind: str,
    *,
    number: int = 0,
    body: str = "",
    product: tuple[str, str, int] | None = None,
    link_url: str | None = None,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    sha256: str | None = None,
    size: int | None = None,
    mime: str | None = None,
    local_path: Path | None = None,
) -> ContentAsset:
    campaign = CAMPAIGNS[number % len(CAMPAIGNS)]
    tags = [TAGS[number % len(TAGS)], TAGS[(number * 3 + 1) % len(TAGS)]]
    data: dict[str, Any] = {
        "title": title,
        "kind": kind,
        "body": body,
        "tags": sorted(set(tags)),
        "campaign": campaign,
        "link_url": link_url,
        "asset_sha256": sha256,
        "asset_size": size,
        "asset_mime": mime,
        "product": {"sku": product[1], "name": product[0], "price_fen": product[2]} if product else None,
        "stages": [],
    }
    return ContentAsset(
        id=str(uuid.uuid4()),
        kind=kind,
        title=title,
        campaign=campaign,
        valid_from=valid_from,
        valid_until=valid_until,
        asset_sha256=sha256,
        asset_size=size,
        local_path=str(local_path) if local_path is not None else None,
        data=data,
        updated_at=datetime.now(UTC) - timedelta(minutes=number),
    )


def fill_library(book: Book, folder: Path, posters: int, *, others: bool = True) -> list[PlacedItem]:
    """`posters` posters each with its own JPEG file, and (with `others`) four scripts, four
    product cards and a link: the mix a guide's library holds."""
    rows: list[ContentAsset] = []
    designs: dict[int, bytes] = {}
    for number in range(posters):
        title = f"{CAMPAIGNS[number % len(CAMPAIGNS)]}·{TAGS[number % len(TAGS)]}海报{number:03d}"
        design = number % DESIGNS
        if design not in designs:
            designs[design] = poster_jpeg(title, number)
        payload = _numbered(designs[design], number)
        sha256, path = place_file(folder, payload)
        rows.append(
            content_row(
                title,
                "poster",
                number=number,
                sha256=sha256,
                size=len(payload),
                mime="image/jpeg",
                local_path=path,
            )
        )
    if others:
        for number, body in enumerate(SCRIPTS):
            rows.append(content_row(f"{CAMPAIGNS[number]}邀约话术", "script", number=number, body=body))
        for number, product in enumerate(PRODUCTS):
            rows.append(
                content_row(
                    product[0], "product_card", number=number, product=product, body="今冬主推，限时会员价。"
                )
            )
        rows.append(
            content_row(
                "会员日小程序商城",
                "link",
                number=1,
                link_url="https://shop.example.cn/member-day",
                body="会员日专场入口",
            )
        )
    with book.writing() as session:
        session.add_all(rows)
    return [PlacedItem(row.id, row.kind, row.title, row.local_path) for row in rows]


# ------------------------------------------------------------------------------------------ video


def _chunk(tag: bytes, data: bytes) -> bytes:
    return tag + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")


def _list(kind: bytes, data: bytes) -> bytes:
    return b"LIST" + struct.pack("<I", len(data) + 4) + kind + data


def mjpeg_avi(frames: list[bytes], width: int, height: int, fps: int) -> bytes:
    """An AVI of JPEG frames (Motion JPEG): what FFmpeg reads without any encoder of ours."""
    count, biggest = len(frames), max(len(frame) for frame in frames)
    avih = struct.pack(
        "<IIIIIIIIII4I",
        1_000_000 // fps,
        biggest * fps,
        0,
        0x10,
        count,
        0,
        1,
        biggest,
        width,
        height,
        0,
        0,
        0,
        0,
    )
    strh = b"vidsMJPG" + struct.pack(
        "<IHHIIIIIIIIhhhh", 0, 0, 0, 0, 1, fps, 0, count, biggest, 0xFFFFFFFF, 0, 0, 0, width, height
    )
    strf = struct.pack("<IiiHH4sIiiII", 40, width, height, 1, 24, b"MJPG", width * height * 3, 0, 0, 0, 0)
    header = _list(
        b"hdrl", _chunk(b"avih", avih) + _list(b"strl", _chunk(b"strh", strh) + _chunk(b"strf", strf))
    )
    chunks, index, offset = [], [], 4
    for frame in frames:
        chunk = _chunk(b"00dc", frame)
        index.append(struct.pack("<4sIII", b"00dc", 0x10, offset, len(frame)))
        offset += len(chunk)
        chunks.append(chunk)
    body = b"AVI " + header + _list(b"movi", b"".join(chunks)) + _chunk(b"idx1", b"".join(index))
    return b"RIFF" + struct.pack("<I", len(body)) + body


def runway_video(megabytes: int, fps: int = 2) -> bytes:
    """A runway clip of about `megabytes` MB: 1280×720 frames whose grain keeps JPEG from
    shrinking them (~0.6 MB each), a frame every 1/fps seconds."""
    frames: list[bytes] = []
    width, height = 1280, 720
    grain = QImage(
        os.urandom(width * height // 4), width // 2, height // 2, width // 2, QImage.Format.Format_Grayscale8
    )
    base = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(base)
    painter.fillRect(base.rect(), QColor("#1f2937"))
    painter.setOpacity(0.35)
    painter.drawImage(base.rect(), grain)
    painter.end()
    first = _encoded(base, "JPG", 95)
    count = max(1, megabytes * 1_048_576 // len(first))
    for number in range(count):
        frame = base.copy()
        painter = QPainter(frame)
        painter.setPen(QColor("white"))
        font = QFont()
        font.setPixelSize(64)
        painter.setFont(font)
        painter.drawText(QRect(60, 60, 1000, 120), 0, f"冬季走秀 {number // fps:02d}s")
        painter.end()
        frames.append(_encoded(frame, "JPG", 95) if number < 2 else first)
    return mjpeg_avi(frames, width, height, fps)


def put_video(book: Book, folder: Path, title: str, payload: bytes) -> PlacedItem:
    sha256, path = place_file(folder, payload)
    row = content_row(
        title, "video", number=2, sha256=sha256, size=len(payload), mime="video/x-msvideo", local_path=path
    )
    with book.writing() as session:
        session.add(row)
    return PlacedItem(row.id, row.kind, row.title, row.local_path)
