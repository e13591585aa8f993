"""The HQ service's settings: one typed object, read from GUIDE_HQ_* environment variables."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_PORT = 8710  # `guide-hq serve` and the desktop app's default HQ address


class AssetStoreKind(StrEnum):
    folder = "folder"  # data_dir/assets: one HQ box
    s3 = "s3"  # an S3-compatible object store: several HQ boxes


class S3AddressingStyle(StrEnum):
    path = "path"  # https://endpoint/bucket/key: MinIO, Ceph RGW, SeaweedFS, Garage
    virtual = "virtual"  # https://bucket.endpoint/key: what Aliyun OSS requires


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GUIDE_HQ_", extra="ignore")

    data_dir: Path = Field(
        default=Path("hq-data"),
        description="Folder holding the SQLite file (when no database_url is set) and the asset store.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL, e.g. postgresql+psycopg://user:pw@127.0.0.1/guide. "
        "Empty: SQLite file hq.sqlite3 in data_dir.",
    )
    token_ttl_hours: int = Field(
        default=24 * 14,
        ge=1,
        description="How long a sign-in lasts. Store PCs are often offline for days.",
    )
    max_upload_bytes: int = Field(default=200 * 1024 * 1024, ge=1024, description="Largest asset upload.")
    max_request_bytes: int = Field(
        default=4 * 1024 * 1024,
        ge=1024,
        description="Largest JSON request body (a push batch is well below).",
    )
    login_max_failures: int = Field(default=5, ge=1, description="Failed logins that lock an account.")
    login_failure_window_minutes: int = Field(default=15, ge=1)
    login_lock_minutes: int = Field(default=15, ge=1, description="How long a locked account stays locked.")
    login_per_address_per_minute: float = Field(
        default=10,
        gt=0,
        description="Sign-ins one client address may make per minute, after a burst of "
        "login_per_address_burst (a store's PCs share one address).",
    )
    login_per_address_burst: int = Field(default=10, ge=1)
    login_overall_per_minute: float = Field(
        default=1800, gt=0, description="Sign-ins this HQ process accepts per minute from everyone."
    )
    login_overall_burst: int = Field(default=120, ge=1)
    login_refusal_delay_seconds: float = Field(
        default=1.0,
        ge=0,
        le=10,
        description="How long a throttled sign-in waits for its 429: a flood that waits for each "
        "answer slows to a few attempts a second per connection.",
    )
    login_hash_slots: int = Field(
        default=2, ge=1, description="Passwords checked at once per process (each ~30 ms of CPU, 19 MiB)."
    )
    login_hash_queue: int = Field(
        default=64, ge=0, description="Sign-ins that may wait for a slot; more are refused with 429."
    )
    db_pool_size: int = Field(
        default=10,
        ge=1,
        description="PostgreSQL: connections each worker keeps for writes and the other reads. A "
        "worker holds at most db_pool_size + db_max_overflow + db_fast_pool_size connections.",
    )
    db_max_overflow: int = Field(
        default=20, ge=0, description="PostgreSQL: extra connections a worker may open at a peak."
    )
    db_fast_pool_size: int = Field(
        default=4,
        ge=1,
        description="PostgreSQL: connections each worker keeps for the feed and the sign-in check "
        "(raw psycopg, one statement each).",
    )

    asset_store: AssetStoreKind = Field(
        default=AssetStoreKind.folder,
        description="Where uploaded files live: 'folder' (data_dir/assets) or 's3' (an "
        "S3-compatible object store that several HQ boxes share).",
    )
    s3_endpoint_url: str | None = Field(
        default=None,
        description="The S3-compatible server, e.g. http://10.0.0.5:9000 (MinIO) or "
        "https://cos.ap-guangzhou.myqcloud.com. Empty: Amazon S3 itself.",
    )
    s3_bucket: str | None = Field(default=None, description="The bucket; required when asset_store is s3.")
    s3_prefix: str = Field(default="assets", description="Key prefix: objects are <prefix>/<ab>/<sha256>.")
    s3_region: str | None = Field(
        default=None, description="The region the server signs for, e.g. us-east-1."
    )
    s3_access_key_id: str | None = Field(
        default=None,
        description="The access key. Empty: boto3's own chain (AWS_ACCESS_KEY_ID, ~/.aws, an instance role).",
    )
    s3_secret_access_key: SecretStr | None = Field(default=None, description="The secret of that key.")
    s3_addressing_style: S3AddressingStyle = Field(
        default=S3AddressingStyle.path,
        description="'path' (bucket in the path: MinIO, Ceph RGW, SeaweedFS, Garage) or 'virtual' "
        "(bucket in the host name: Aliyun OSS, Tencent COS).",
    )

    @model_validator(mode="after")
    def _s3_is_complete(self) -> Settings:
        if self.asset_store is AssetStoreKind.s3 and not self.s3_bucket:
            raise ValueError("GUIDE_HQ_ASSET_STORE is s3, so GUIDE_HQ_S3_BUCKET must name the bucket")
        if (self.s3_access_key_id is None) != (self.s3_secret_access_key is None):
            raise ValueError(
                "set both GUIDE_HQ_S3_ACCESS_KEY_ID and GUIDE_HQ_S3_SECRET_ACCESS_KEY, or neither"
            )
        return self

    @property
    def asset_dir(self) -> Path:
        return self.data_dir / "assets"

    @property
    def updates_dir(self) -> Path:
        """The signed update repository `guide-hq updates publish` copies in (metadata/, targets/)."""
        return self.data_dir / "updates"

    @property
    def sqlalchemy_url(self) -> str:
        """The URL for synchronous use (alembic, command line)."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'hq.sqlite3').resolve()}"

    @property
    def async_sqlalchemy_url(self) -> str:
        """The URL the service itself uses: aiosqlite or async psycopg."""
        url = self.sqlalchemy_url
        if url.startswith("sqlite:///"):
            return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
        if url.startswith("postgresql://"):
            return "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url

    @property
    def is_sqlite(self) -> bool:
        return self.sqlalchemy_url.startswith("sqlite")
