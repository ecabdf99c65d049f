#!/usr/bin/env python3
"""Writes to stdout a `docker load` tarball of a tiny image whose config says linux/<arch>.

It runs nothing (no java, no curl): it only lets `docker build --platform linux/<arch>` of the
backend's Dockerfile (no RUN step) work offline, so a benchmark can measure yocto's build and push
on a machine that cannot pull eclipse-temurin. The Java twin for tests is testkit's StandInBaseImage.
Usage: bench/stand-in-base.py TAG [ARCH] | docker load
"""
import hashlib
import io
import json
import sys
import tarfile


def tar_of(files):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def main():
    tag = sys.argv[1]
    arch = sys.argv[2] if len(sys.argv) > 2 else "arm64"
    layer = tar_of([("etc/yocto-stand-in", ("stand-in base image for %s\n" % arch).encode())])
    layer_digest = hashlib.sha256(layer).hexdigest()
    config = json.dumps({
        "architecture": arch, "os": "linux",
        "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + layer_digest]},
    }).encode()
    config_name = hashlib.sha256(config).hexdigest() + ".json"
    manifest = json.dumps([{"Config": config_name, "RepoTags": [tag],
                            "Layers": [layer_digest + "/layer.tar"]}]).encode()
    sys.stdout.buffer.write(tar_of([(config_name, config), (layer_digest + "/layer.tar", layer),
                                    ("manifest.json", manifest)]))


if __name__ == "__main__":
    main()
