"""Publishing files from HQ's disk to the content library, from Python and from the command line."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import TypeVar

import pytest
from PIL import Image
from sqlmodel import SQLModel

from hq import cli
from hq.content_import import ContentOptions, folder_files, publish_files
from hq.core.config import Settings
from hq.core.db import Database
from hq.core.errors import HqError
from hq.models import Asset, ContentItem
from tests.hq.conftest import seed
from tests.support.database import stored

Table = TypeVar("Table", bound=SQLModel)

SCRIPT_TEXT = "王姐您好～双11预热开始啦，您上次看中的羽绒服今天会员价 ¥699，要不要给您留一件 M 码？"
VIDEO_BYTES = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 64


def options(
    title: str | None = None, kind: str | None = None, publisher: str | None = None
) -> ContentOptions:
    return ContentOptions(
        title=title, kind=kind, body="", tags=["双11", "羽绒服"], campaign="双11预热", publisher=publisher
    )


def make_png(path: Path, colour: str = "red") -> Path:
    Image.new("RGB", (60, 90), colour).save(path, format="PNG")
    return path


def publish(settings: Settings, files: list[Path], how: ContentOptions) -> list[str]:
    async def work() -> list[str]:
        database = Database(settings)
        try:
            return await publish_files(database, files, how)
        finally:
            await database.dispose()

    return asyncio.run(work())


def stored_file(settings: Settings, sha256: str) -> Path:
    return settings.asset_dir / sha256[:2] / sha256


def test_poster_script_and_video_are_published_with_their_files_stored(
    hq_settings: Settings, tmp_path: Path
) -> None:
    org = seed(hq_settings)
    poster = make_png(tmp_path / "双11海报.png")
    script = tmp_path / "开场话术.txt"
    script.write_text(SCRIPT_TEXT + "\n", encoding="utf-8")
    video = tmp_path / "门店视频.mp4"
    video.write_bytes(VIDEO_BYTES)

    lines = publish(hq_settings, [poster, script, video], options())

    assert [line.split(" (")[0] for line in lines] == [
        'published poster "双11海报"',
        'published script "开场话术"',
        'published video "门店视频"',
    ]
    items = {item.title: item for item in stored(hq_settings, ContentItem)}
    assert {title: item.kind for title, item in items.items()} == {
        "双11海报": "poster",
        "开场话术": "script",
        "门店视频": "video",
    }
    line_by_title = {line.split('"')[1]: line for line in lines}
    for title, item in items.items():
        assert (item.tags, item.campaign) == (["双11", "羽绒服"], "双11预热")
        assert item.created_by == org.ids[org.admin]
        assert item.audience == {"kind": "everyone", "region_ids": [], "store_ids": []}
        assert line_by_title[title].endswith(f"({item.id[:8]}…)")
    assert (items["开场话术"].body, items["开场话术"].asset_sha256) == (SCRIPT_TEXT, None)
    for title, source in (("双11海报", poster), ("门店视频", video)):
        sha256 = items[title].asset_sha256
        assert sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
        assert stored_file(hq_settings, sha256).read_bytes() == source.read_bytes()
    assert {asset.original_name: asset.mime for asset in stored(hq_settings, Asset)} == {
        "双11海报.png": "image/png",
        "门店视频.mp4": "video/mp4",
    }


def test_one_title_for_several_files_is_numbered(hq_settings: Settings, tmp_path: Path) -> None:
    seed(hq_settings)
    files = [make_png(tmp_path / "a.png", "red"), make_png(tmp_path / "b.jpg", "blue")]

    publish(hq_settings, files, options(title="会员日"))
    publish(hq_settings, [make_png(tmp_path / "c.png", "green")], options(title="会员日海报"))

    assert sorted((item.title, item.kind) for item in stored(hq_settings, ContentItem)) == [
        ("会员日 (1)", "image"),
        ("会员日 (2)", "image"),
        ("会员日海报", "image"),
    ]


def test_an_unknown_file_type_is_refused_before_anything_is_written(
    hq_settings: Settings, tmp_path: Path
) -> None:
    seed(hq_settings)
    report = tmp_path / "销售周报.pdf"
    report.write_bytes(b"%PDF-1.7 not a picture")
    files = [make_png(tmp_path / "双11海报.png"), report]

    with pytest.raises(HqError, match=r"销售周报\.pdf: unknown file type"):
        publish(hq_settings, files, options())
    with pytest.raises(HqError, match=r"双11海报\.png cannot be published as 'video'; it can be image or"):
        publish(hq_settings, files[:1], options(kind="video"))

    assert stored(hq_settings, ContentItem) == []
    assert stored(hq_settings, Asset) == []
    assert not any(path.is_file() for path in hq_settings.asset_dir.rglob("*"))


def test_publishing_needs_an_enabled_hq_admin(hq_settings: Settings, tmp_path: Path) -> None:
    poster = make_png(tmp_path / "poster.png")
    with pytest.raises(HqError, match="no enabled hq_admin account to publish as"):
        publish(hq_settings, [poster], options())
    org = seed(hq_settings)
    with pytest.raises(HqError, match=r"no enabled hq_admin account with login 'guide\.e1a'"):
        publish(hq_settings, [poster], options(publisher=org.guide_e1))

    publish(hq_settings, [poster], options(publisher=org.admin))

    assert [(item.kind, item.created_by) for item in stored(hq_settings, ContentItem)] == [
        ("poster", org.ids[org.admin])
    ]


def test_folder_import_skips_hidden_files_and_refuses_an_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "双11素材"
    folder.mkdir()
    for name in (".DS_Store", "Thumbs.db", "~$话术.txt", "b.png", "a.txt"):
        (folder / name).write_text("x", encoding="utf-8")
    (folder / "子目录").mkdir()

    assert [path.name for path in folder_files(folder)] == ["a.txt", "b.png"]
    empty = tmp_path / "空"
    empty.mkdir()
    with pytest.raises(HqError, match="has no files to publish"):
        folder_files(empty)
    with pytest.raises(HqError, match="no folder"):
        folder_files(tmp_path / "missing")


def test_content_import_folder_command_publishes_every_file(
    hq_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(hq_settings)
    folder = tmp_path / "会员日"
    folder.mkdir()
    make_png(folder / "会员日海报.png")
    (folder / "会员日话术.md").write_text(SCRIPT_TEXT, encoding="utf-8")
    database = ["--database-url", hq_settings.database_url] if hq_settings.database_url else []

    code = cli.main(
        [
            "content",
            "import-folder",
            str(folder),
            "--tags",
            "会员日，老客",
            "--campaign",
            "会员日",
            "--data-dir",
            str(hq_settings.data_dir),
            *database,
        ]
    )

    assert code == 0
    assert f"2 items published from {folder}" in capsys.readouterr().out
    assert sorted((item.kind, item.title, tuple(item.tags)) for item in stored(hq_settings, ContentItem)) == [
        ("poster", "会员日海报", ("会员日", "老客")),
        ("script", "会员日话术", ("会员日", "老客")),
    ]
