"""A real S3 API on 127.0.0.1 for tests: moto's server, with one fresh bucket per test."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from hq.core.config import AssetStoreKind, Settings
from tests.support.postgres import free_port

ACCESS_KEY = "guide-desk-test"
SECRET_KEY = "guide-desk-test-secret"


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    client: Any  # the tests' own boto3 client: makes buckets, lists what a store left behind

    def settings(self, base: Settings) -> Settings:
        """`base` with its asset store moved to a new, empty bucket on this server."""
        bucket = f"assets-{uuid.uuid4().hex[:12]}"
        self.client.create_bucket(Bucket=bucket)
        return base.model_copy(
            update={
                "asset_store": AssetStoreKind.s3,
                "s3_endpoint_url": self.endpoint_url,
                "s3_bucket": bucket,
                "s3_region": "us-east-1",
                "s3_access_key_id": ACCESS_KEY,
                "s3_secret_access_key": SecretStr(SECRET_KEY),
            }
        )

    def environment(self, settings: Settings) -> dict[str, str]:
        """The GUIDE_HQ_* variables that give a served HQ (tests/support/live_hq.py) the
        settings' S3 store."""
        secret = settings.s3_secret_access_key
        return {
            "GUIDE_HQ_ASSET_STORE": AssetStoreKind.s3.value,
            "GUIDE_HQ_S3_ENDPOINT_URL": self.endpoint_url,
            "GUIDE_HQ_S3_BUCKET": settings.s3_bucket or "",
            "GUIDE_HQ_S3_PREFIX": settings.s3_prefix,
            "GUIDE_HQ_S3_REGION": settings.s3_region or "",
            "GUIDE_HQ_S3_ACCESS_KEY_ID": settings.s3_access_key_id or "",
            "GUIDE_HQ_S3_SECRET_ACCESS_KEY": secret.get_secret_value() if secret else "",
        }

    def keys(self, bucket: str | None) -> list[str]:
        """Every key in the bucket."""
        listing = self.client.list_objects_v2(Bucket=bucket)
        return sorted(entry["Key"] for entry in listing.get("Contents", []))


@contextmanager
def moto_s3() -> Iterator[S3Server]:
    """moto's S3 over HTTP on a free port, stopped on exit."""
    from moto.server import ThreadedMotoServer

    from hq.services.assets import s3_client

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint_url = f"http://127.0.0.1:{port}"
    admin = Settings(
        s3_endpoint_url=endpoint_url,
        s3_region="us-east-1",
        s3_access_key_id=ACCESS_KEY,
        s3_secret_access_key=SecretStr(SECRET_KEY),
    )
    client = s3_client(admin, pool_size=2)
    try:
        yield S3Server(endpoint_url, client)
    finally:
        client.close()
        server.stop()
