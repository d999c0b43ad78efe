"""A real S3-compatible server for the tests: moto's server mode on 127.0.0.1, in this
process, with one bucket. Byrum's media storage is pointed at it through the same settings a
deployment uses (config.settings.base.media_storage)."""

import socket
import uuid

import boto3
import environ
from moto.server import ThreadedMotoServer

from config.settings.base import media_storage

KEYS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing", "S3_REGION": "eu-north-1"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class S3Server:
    # The empty local folder MEDIA_ROOT points at while the server is the media storage
    # (the ``s3_media`` fixture): nothing may land there.
    disk = None

    def __init__(self):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        # moto keeps its state per process: a bucket of its own for every server.
        self.bucket = f"byrum-media-{uuid.uuid4().hex[:12]}"
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def __enter__(self):
        self.server.start()
        self.client().create_bucket(
            Bucket=self.bucket, CreateBucketConfiguration={"LocationConstraint": KEYS["S3_REGION"]}
        )
        return self

    def __exit__(self, *exc):
        self.server.stop()

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"],
            region_name=KEYS["S3_REGION"],
        )

    def keys(self):
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return [item["Key"] for item in listing.get("Contents", [])]

    def storage_setting(self):
        """STORAGES["default"] as the settings build it from a deployment's environment."""
        environment = {**KEYS, "S3_BUCKET": self.bucket, "S3_ENDPOINT_URL": self.endpoint}
        env = environ.Env()
        env.ENVIRON = environment
        return media_storage(env)
