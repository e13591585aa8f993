"""Demo media with Chinese text: phone posters and product cards (PNG), and poster clips (H.264 MP4)."""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from hq.core.errors import HqError

POSTER_SIZE = (750, 1334)  # a phone screen: what a guide forwards in WeCom Moments and chats
PRODUCT_CARD_SIZE = (800, 800)

RGB = tuple[int, int, int]
Font = ImageFont.FreeTypeFont

_WINDOWS_FONTS = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"
FONT_CANDIDATES: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
    _WINDOWS_FONTS / "msyh.ttc",
    _WINDOWS_FONTS / "msyh.ttf",
    _WINDOWS_FONTS / "simhei.ttf",
    Path("/System/Library/Fonts/PingFang.ttc"),
    Path("/System/Library/Fonts/STHeiti Medium.ttc"),
    Path("/Library/Fonts/Arial Unicode.ttf"),
)
FONT_MISSING = (
    "no Chinese (CJK) font found to draw the demo posters; install one, e.g. "
    "`sudo apt-get install fonts-wqy-microhei` on Debian/Ubuntu (or run `make deps`)"
)


class FontMissing(HqError):
    """Raised instead of drawing Chinese text as empty boxes."""

    code = "font_missing"


@dataclass(frozen=True)
class Palette:
    top: RGB
    bottom: RGB
    accent: RGB  # badges, subtitles and the price tag
    ink: RGB  # text on the accent colour
    paper: RGB  # product card background


PALETTES: dict[str, Palette] = {
    "双11预热": Palette((231, 38, 52), (120, 10, 40), (255, 214, 102), (120, 10, 40), (255, 243, 240)),
    "会员日": Palette((40, 36, 48), (14, 12, 18), (222, 184, 120), (30, 24, 20), (248, 244, 236)),
    "冬季新品": Palette((34, 74, 140), (12, 28, 64), (150, 214, 255), (12, 28, 64), (238, 244, 252)),
    "年货节": Palette((200, 24, 30), (140, 8, 16), (255, 200, 60), (140, 8, 16), (255, 244, 232)),
    "周末预览会": Palette((46, 110, 96), (16, 52, 48), (246, 226, 160), (16, 52, 48), (240, 248, 244)),
    "春季上新": Palette((110, 170, 90), (40, 96, 60), (255, 236, 150), (40, 96, 60), (244, 250, 240)),
}
DEFAULT_PALETTE = Palette((70, 80, 110), (30, 34, 52), (255, 190, 120), (30, 34, 52), (244, 244, 248))

WHITE: RGB = (255, 255, 255)
DARK: RGB = (45, 45, 52)
GREY: RGB = (110, 110, 120)
# A line never starts with these; they stay on the line before, even a little past the margin.
_CLOSING = set("，。、；：！？）》」』”’,.;:!?)%·")
_PHRASE = re.compile(r"\S+\s*")
_TOKEN = re.compile(r"[A-Za-z0-9¥%.,+\-/:×·]+ ?|\s|.")


@dataclass(frozen=True)
class PosterText:
    """What a picture says; the campaign also picks its colours."""

    title: str
    subtitle: str = ""
    body: str = ""
    price_fen: int | None = None
    campaign: str = ""


# --------------------------------------------------------------------------- fonts


def _draws_chinese(path: Path, index: int = 0) -> bool:
    """True when the font has real glyphs: two different hanzi drawing alike are the missing-glyph box."""
    try:
        font = ImageFont.truetype(str(path), 48, index=index)
    except OSError:
        return False
    first, second = font.getmask("中"), font.getmask("国")
    return bool(first.getbbox()) and bytes(first) != bytes(second)


def _fontconfig_candidates() -> Iterator[Path]:
    """Fonts fontconfig knows for Chinese. ':lang=zh' alone may answer with a Latin font; it is checked."""
    if shutil.which("fc-match") is None:
        return
    for command in (
        ["fc-match", "-f", "%{file}", ":lang=zh-cn"],
        ["fc-match", "-f", "%{file}", ":lang=zh"],
        ["fc-list", "-f", "%{file}\n", ":lang=zh"],
    ):
        try:
            answer = subprocess.run(command, capture_output=True, text=True, timeout=20, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        yield from (Path(line.strip()) for line in answer.stdout.splitlines() if line.strip())


def _face_index(path: Path) -> int:
    """In a collection (.ttc), prefer the Simplified Chinese face (Noto's 'SC'), else the first."""
    if path.suffix.lower() != ".ttc":
        return 0
    for index in range(10):
        try:
            family, _style = ImageFont.truetype(str(path), 12, index=index).getname()
        except OSError:
            break
        if family and family.endswith(" SC"):
            return index
    return 0


@lru_cache(maxsize=1)
def find_cjk_font() -> tuple[Path, int]:
    """The first installed font (file, face index) that really draws Chinese, or FontMissing."""
    for path in (*FONT_CANDIDATES, *_fontconfig_candidates()):
        if path.is_file():
            index = _face_index(path)
            if _draws_chinese(path, index):
                return path, index
    raise FontMissing(FONT_MISSING)


@lru_cache(maxsize=64)
def _font(size: int) -> Font:
    path, index = find_cjk_font()
    return ImageFont.truetype(str(path), size, index=index)


# --------------------------------------------------------------------------- text layout


def price_label(price_fen: int) -> str:
    """¥2,599 for whole yuan, ¥59.90 otherwise."""
    if price_fen % 100 == 0:
        return f"¥{price_fen // 100:,}"
    return f"¥{price_fen / 100:,.2f}"


def wrap_text(text: str, font: Font, width: int) -> list[str]:
    """Break at a space when the phrase after it fits a line whole, else inside the phrase: Chinese
    anywhere, Latin words whole. Closing punctuation never starts a line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for phrase in _PHRASE.findall(paragraph):
            if font.getlength((line + phrase).rstrip()) <= width:
                line += phrase
            elif phrase[0] not in _CLOSING and font.getlength(phrase.rstrip()) <= width:
                lines.append(line.rstrip())
                line = phrase
            else:
                line = _break_inside(line, phrase, font, width, lines)
        lines.append(line.rstrip())
    return lines


def _break_inside(line: str, phrase: str, font: Font, width: int, lines: list[str]) -> str:
    """Continue `line` with `phrase`, moving full lines to `lines`; returns the unfinished line."""
    for token in _TOKEN.findall(phrase):
        if line and token[0] not in _CLOSING and font.getlength(line + token.rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    return line


def _clip_lines(lines: list[str], max_lines: int, font: Font, width: int) -> list[str]:
    """At most max_lines; a cut text ends with an ellipsis that still fits the width."""
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    kept[-1] = last.rstrip("，。、；： ") + "…"
    return kept


def _fitted(
    text: str, sizes: Sequence[int], max_lines: int, width: int, fewest_lines: bool = False
) -> tuple[Font, list[str]]:
    """The largest of `sizes` at which the text fits max_lines (with fewest_lines: at which it takes
    the fewest lines); when none fits, the smallest size, clipped with an ellipsis."""
    wrapped = [(size, wrap_text(text, _font(size), width)) for size in sizes]
    fitting = [(len(lines), -size, lines) for size, lines in wrapped if len(lines) <= max_lines]
    if fitting:
        _count, size, lines = min(fitting) if fewest_lines else fitting[0]
        return _font(-size), lines
    font = _font(sizes[-1])
    return font, _clip_lines(wrap_text(text, font, width), max_lines, font, width)


def _draw_lines(
    draw: ImageDraw.ImageDraw,
    lines: list[str],
    font: Font,
    xy: tuple[int, int],
    fill: RGB,
    line_height: float = 1.35,
    bold: bool = False,
) -> int:
    """Draw lines top-down from xy; returns the y below the last line."""
    x, y = xy
    step = round(font.size * line_height)
    for line in lines:
        draw.text((x, y), line, font=font, fill=fill, stroke_width=1 if bold else 0, stroke_fill=fill)
        y += step
    return y


# --------------------------------------------------------------------------- shapes


def _gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _bubbles(image: Image.Image, rng: random.Random, colour: RGB, count: int) -> Image.Image:
    """Soft translucent circles, placed by the seed, so each poster of a campaign looks its own."""
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    width, height = image.size
    for _ in range(count):
        radius = rng.randint(width // 12, width // 3)
        cx, cy = rng.randint(-radius // 2, width + radius // 2), rng.randint(-radius // 2, height)
        alpha = rng.randint(18, 46)
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(*colour, alpha))
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def _badge(draw: ImageDraw.ImageDraw, text: str, xy: tuple[int, int], palette: Palette, size: int) -> None:
    font = _font(size)
    x, y = xy
    width = round(font.getlength(text))
    draw.rounded_rectangle(
        (x, y, x + width + size * 1.2, y + size * 1.7), radius=size * 0.85, fill=palette.accent
    )
    draw.text((x + size * 0.6, y + size * 0.85), text, font=font, fill=palette.ink, anchor="lm")


def _price_tag(
    draw: ImageDraw.ImageDraw, price_fen: int, right: int, top: int, palette: Palette, size: int
) -> None:
    """A hang-tag: a pointed left end with a punched hole, the price big on it."""
    label, price = _font(round(size * 0.42)), _font(size)
    text = price_label(price_fen)
    width = round(max(price.getlength(text), label.getlength("到手价"))) + size
    height = round(size * 1.9)
    left, point = right - width, right - width - round(height * 0.45)
    draw.polygon(
        [(point, top + height // 2), (left, top), (right, top), (right, top + height), (left, top + height)],
        fill=palette.accent,
    )
    hole, middle = round(size * 0.14), top + height // 2
    draw.ellipse((left - hole * 3, middle - hole, left - hole, middle + hole), fill=WHITE)
    draw.text((left + size * 0.3, top + size * 0.2), "到手价", font=label, fill=palette.ink)
    draw.text(
        (left + size * 0.3, top + height - size * 0.2),
        text,
        font=price,
        fill=palette.ink,
        anchor="ls",
        stroke_width=1,
        stroke_fill=palette.ink,
    )


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")  # zlib level 6: optimize=True takes 5× longer to save 3%
    return buffer.getvalue()


# --------------------------------------------------------------------------- poster


def render_poster(text: PosterText, seed: int = 0) -> bytes:
    """A 750×1334 phone poster: campaign badge, big title, subtitle, a card of body text, a price tag."""
    palette = PALETTES.get(text.campaign, DEFAULT_PALETTE)
    width, height = POSTER_SIZE
    margin = 56
    image = _bubbles(_gradient(POSTER_SIZE, palette.top, palette.bottom), random.Random(seed), WHITE, 9)
    draw = ImageDraw.Draw(image, "RGBA")
    if text.campaign:
        _badge(draw, text.campaign, (margin, 84), palette, 30)
    title_font, title_lines = _fitted(text.title, (96, 88, 80, 72, 64), 3, width - 2 * margin)
    y = _draw_lines(draw, title_lines, title_font, (margin, 190), WHITE, 1.22, bold=True)
    if text.subtitle:
        subtitle_font, subtitle_lines = _fitted(text.subtitle, (42, 38, 34), 2, width - 2 * margin)
        y = _draw_lines(draw, subtitle_lines, subtitle_font, (margin, y + 18), palette.accent, 1.3)
    footer_top = height - 120
    tag_top = footer_top - 150 if text.price_fen is not None else footer_top
    if text.body:
        y = _body_card(draw, text.body, (margin, y + 40, width - margin, tag_top - 40))
    _watermark(image, text.campaign or text.title, (margin, y + 40, width - margin, tag_top - 40))
    if text.price_fen is not None:
        _price_tag(draw, text.price_fen, width - margin, tag_top, palette, 64)
    footer = _font(26)
    draw.line((margin, footer_top, width - margin, footer_top), fill=(*WHITE, 90), width=1)
    draw.text(
        (width // 2, footer_top + 56),
        "到店出示本海报 · 专属导购为您服务",
        font=footer,
        fill=WHITE,
        anchor="mm",
    )
    return _png(image)


def _body_card(draw: ImageDraw.ImageDraw, body: str, box: tuple[int, int, int, int]) -> int:
    """White rounded card holding as many body lines as fit in the box; returns the card's bottom."""
    left, top, right, bottom = box
    padding, font = 36, _font(32)
    line_height = round(32 * 1.6)
    room = max(1, (bottom - top - 2 * padding) // line_height)
    width = right - left - 2 * padding
    lines = _clip_lines(wrap_text(body, font, width), room, font, width)
    card_bottom = min(bottom, top + 2 * padding + line_height * len(lines))
    draw.rounded_rectangle((left, top, right, card_bottom), radius=28, fill=(255, 255, 255, 246))
    _draw_lines(draw, lines, font, (left + padding, top + padding + 4), DARK, 1.6)
    return card_bottom


def _watermark(image: Image.Image, text: str, box: tuple[int, int, int, int]) -> None:
    """The campaign's name, huge and faint, so a short poster has no empty bottom half."""
    left, top, right, bottom = box
    if bottom - top < 160 or not text:
        return
    size = min(220, bottom - top - 20)
    while size > 60 and _font(size).getlength(text) > right - left:
        size -= 10
    if _font(size).getlength(text) > right - left:
        return
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).text(
        ((left + right) // 2, (top + bottom) // 2), text, font=_font(size), fill=40, anchor="mm"
    )
    image.paste(WHITE, (0, 0, *image.size), mask)


# --------------------------------------------------------------------------- product card


_SILHOUETTES: dict[str, list[tuple[float, float]]] = {
    "coat": [
        (0.36, 0.04),
        (0.64, 0.04),
        (0.9, 0.18),
        (1.0, 0.78),
        (0.86, 0.8),
        (0.8, 0.42),
        (0.8, 1.0),
        (0.2, 1.0),
        (0.2, 0.42),
        (0.14, 0.8),
        (0.0, 0.78),
        (0.1, 0.18),
    ],
    "top": [
        (0.36, 0.1),
        (0.64, 0.1),
        (0.95, 0.26),
        (0.86, 0.46),
        (0.78, 0.41),
        (0.78, 0.94),
        (0.22, 0.94),
        (0.22, 0.41),
        (0.14, 0.46),
        (0.05, 0.26),
    ],
    "dress": [
        (0.4, 0.04),
        (0.6, 0.04),
        (0.66, 0.3),
        (0.62, 0.44),
        (0.86, 1.0),
        (0.14, 1.0),
        (0.38, 0.44),
        (0.34, 0.3),
    ],
    "pants": [(0.24, 0.04), (0.76, 0.04), (0.84, 1.0), (0.57, 1.0), (0.5, 0.34), (0.43, 1.0), (0.16, 1.0)],
    "scarf": [(0.3, 0.02), (0.7, 0.02), (0.72, 0.3), (0.62, 1.0), (0.46, 1.0), (0.52, 0.36), (0.38, 0.34)],
}
_GARMENT_WORDS = (
    ("裤", "pants"),
    ("裙", "dress"),
    ("围巾", "scarf"),
    ("羽绒", "coat"),
    ("大衣", "coat"),
    ("冲锋衣", "coat"),
    ("外套", "coat"),
)


def garment_of(title: str) -> str:
    """Which silhouette stands in for the product photo: from the product's name."""
    return next((shape for word, shape in _GARMENT_WORDS if word in title), "top")


def _draw_garment(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], shape: str, colour: RGB) -> None:
    left, top, right, bottom = box
    points = [(left + x * (right - left), top + y * (bottom - top)) for x, y in _SILHOUETTES[shape]]
    draw.polygon(points, fill=colour)
    if shape == "coat":  # placket and buttons, so a coat does not read as a T-shirt
        centre = (left + right) / 2
        draw.line((centre, top + 0.2 * (bottom - top), centre, bottom), fill=(*WHITE, 160), width=3)
        for step in range(4):
            y = top + (0.32 + 0.16 * step) * (bottom - top)
            draw.ellipse((centre + 10, y - 6, centre + 22, y + 6), fill=(*WHITE, 200))


def render_product_card(text: PosterText, seed: int = 0) -> bytes:
    """An 800×800 card: a drawn stand-in for the product photo, name, selling point and price tag."""
    palette = PALETTES.get(text.campaign, DEFAULT_PALETTE)
    width, _height = PRODUCT_CARD_SIZE
    rng = random.Random(seed)
    image = Image.new("RGB", PRODUCT_CARD_SIZE, palette.paper)
    photo = (40, 40, width - 40, 500)
    stage = _bubbles(
        _gradient((photo[2] - photo[0], photo[3] - photo[1]), palette.top, palette.bottom), rng, WHITE, 5
    )
    mask = Image.new("L", stage.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, *stage.size), radius=32, fill=255)
    image.paste(stage, photo[:2], mask)
    draw = ImageDraw.Draw(image, "RGBA")
    tint = tuple(min(255, channel + rng.randint(90, 140)) for channel in palette.top)
    _draw_garment(draw, (250, 100, 550, 460), garment_of(text.title), (tint[0], tint[1], tint[2]))
    if text.campaign:
        _badge(draw, text.campaign, (64, 64), palette, 26)
    text_right = width - 40 - (300 if text.price_fen is not None else 0)
    title_font, title_lines = _fitted(text.title, (46, 42, 38, 34), 2, text_right - 48, fewest_lines=True)
    y = _draw_lines(draw, title_lines, title_font, (48, 530), DARK, 1.25, bold=True)
    if text.subtitle:
        subtitle_font, subtitle_lines = _fitted(text.subtitle, (28, 26), 3, text_right - 48)
        _draw_lines(draw, subtitle_lines, subtitle_font, (48, y + 8), GREY, 1.4)
    if text.price_fen is not None:
        _price_tag(draw, text.price_fen, width - 40, 600, palette, 56)
    return _png(image)
