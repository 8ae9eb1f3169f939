"""`make lab` starts JupyterLab on chapters/, for root too, and serves the chapter list."""

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request

from lstm_book.book import chapters


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _contents(port, token, deadline):
    url = f"http://127.0.0.1:{port}/api/contents?token={token}"
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.loads(response.read())
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"JupyterLab did not answer on port {port}")


def test_make_lab_serves_the_chapter_notebooks():
    port, token = _free_port(), secrets.token_hex(8)
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token}"
    server = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=chapters.ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        listing = _contents(port, token, time.monotonic() + 90)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode(errors="replace")
    served = {item["name"] for item in listing["content"]}
    expected = {chapter.path.name for chapter in chapters.available()}
    assert expected <= served, output[-2000:]
    assert "Running as root is not recommended" not in output
