"""Temporary folders and loopback ports for local checks (`make bench` and the tests)."""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path


def world_readable_tempdir(prefix: str) -> Path:
    """A fresh temp folder readable by every user: linkchecker drops to `nobody` when
    run as root, and a 0700 folder would make it fail with "Permission denied"."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
