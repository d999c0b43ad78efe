"""The docker-compose files keep what the README promises: docker-compose.yml, one web server
with media on its volume; docker-compose.scale.yml, two web servers and two workers behind
nginx, media in an object store reached through the production S3_* variables, and no local
volume shared between app containers (README, "Scaling").

The files are read as Compose reads them: YAML with its anchors and merge keys, and
``${VAR:-default}`` / ``${VAR:?message}`` filled in from an environment. When a Compose CLI is
installed (``docker compose`` or ``docker-compose``), it must accept both files too."""

import re
from pathlib import Path

import environ
import pytest
import yaml

from config.settings.base import media_storage

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "docker-compose.yml"
SCALE = ROOT / "docker-compose.scale.yml"
SECRETS = {
    "SECRET_KEY": "s",
    "POSTGRES_PASSWORD": "p",
    "BYRUM_OWNER_PASSWORD": "o",
    "BYRUM_APP_PASSWORD": "a",
    "S3_ACCESS_KEY_ID": "key",
    "S3_SECRET_ACCESS_KEY": "secret",
}
S3_VARIABLES = {"S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION", "S3_ACCESS_KEY_ID"}


def interpolate(value, environment):
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?message}; $$ is a literal $."""

    def fill(match):
        name, kind, rest = match.group(1), match.group(2), match.group(3)
        if environment.get(name):
            return environment[name]
        if kind == ":?":
            raise KeyError(f"{name}: {rest}")
        return rest or ""

    if isinstance(value, dict):
        return {key: interpolate(item, environment) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, environment) for item in value]
    if isinstance(value, str):
        value = re.sub(r"(?<!\$)\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", fill, value)
        return value.replace("$$", "$")
    return value


def services(path, environment=SECRETS):
    return interpolate(yaml.safe_load(path.read_text()), environment)["services"]


def app_services(found):
    """The containers that run Byrum itself (built from this repository)."""
    return {name: service for name, service in found.items() if service.get("build")}


def web_services(found):
    """Byrum's web servers: built here, running the image's command (gunicorn)."""
    return {
        name: service
        for name, service in app_services(found).items()
        if "command" not in service and "8000" in service.get("expose", [])
    }


def upstream_servers(conf):
    block = re.search(r"upstream\s+byrum\s*\{(.*?)\}", conf, re.S).group(1)
    return re.findall(r"^\s*server\s+([\w.-]+:\d+)", block, re.M)


def proxy_upstream(found):
    """The servers the proxy's nginx passes to, from the files it mounts."""
    mounted = [volume.split(":")[0] for volume in found["proxy"]["volumes"]]
    confs = [(ROOT / path).read_text() for path in mounted]
    assert any("proxy_pass http://byrum;" in conf for conf in confs)
    (servers,) = [upstream_servers(conf) for conf in confs if "upstream byrum" in conf]
    return servers


def test_the_scale_file_runs_two_web_servers_behind_nginx_that_lists_both():
    found = services(SCALE)
    web = web_services(found)
    assert sorted(web) == ["web-1", "web-2"]
    assert sorted(proxy_upstream(found)) == ["web-1:8000", "web-2:8000"]
    # Only the proxy is published.
    assert [name for name, service in found.items() if service.get("ports")] == ["proxy"]


def test_the_scale_file_runs_two_workers():
    workers = [
        service
        for service in app_services(services(SCALE)).values()
        if service.get("command", [])[2:4] == ["procrastinate", "worker"]
    ]
    assert sum(worker.get("deploy", {}).get("replicas", 1) for worker in workers) == 2


def test_no_app_container_keeps_media_on_a_volume():
    """Nothing of Byrum's on a local volume: not shared (it would not be there on a second
    machine), not per container (a file one web server took would be missing on the other)."""
    for name, service in app_services(services(SCALE)).items():
        assert not service.get("volumes"), name
    stores = [name for name, service in services(SCALE).items() if "objects:/data" in str(service)]
    assert stores == ["objects"]


def test_every_app_container_stores_media_in_the_object_store_the_file_starts():
    found = services(SCALE)
    apps = app_services(found)
    assert {"migrate", "web-1", "web-2", "worker"} <= set(apps)
    for name, service in apps.items():
        environment = service["environment"]
        assert S3_VARIABLES | {"S3_SECRET_ACCESS_KEY"} <= set(environment), name
        env = environ.Env()
        env.ENVIRON = {key: str(value) for key, value in environment.items()}
        storage = media_storage(env)
        assert storage["BACKEND"] == "storages.backends.s3.S3Storage", name
        options = storage["OPTIONS"]
        assert options["endpoint_url"] == "http://objects:9000"
        assert (options["access_key"], options["secret_key"]) == ("key", "secret")
        assert options["default_acl"] == "private"
    # The example store's keys are the ones the app containers are given.
    store = found["objects"]["environment"]
    assert (store["MINIO_ROOT_USER"], store["MINIO_ROOT_PASSWORD"]) == ("key", "secret")


def test_the_scale_file_refuses_to_start_without_the_object_stores_keys():
    with pytest.raises(KeyError, match="S3_ACCESS_KEY_ID"):
        services(SCALE, {k: v for k, v in SECRETS.items() if k != "S3_ACCESS_KEY_ID"})


def test_the_one_machine_file_is_as_before():
    """`docker compose up`: one web server with media on its volume, shared with the worker
    on the same machine; no object store needed."""
    found = services(BASE)
    assert list(web_services(found)) == ["web"]
    assert proxy_upstream(found) == ["web:8000"]
    assert "media:/app/media" in found["web"]["volumes"]
    assert not any("S3_BUCKET" in service.get("environment", {}) for service in found.values())
