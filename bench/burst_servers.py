"""Serving an app under gunicorn on loopback and sending it bursts of Slack-signed requests (for bench/bursts.py)."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slack_sdk.signature import SignatureVerifier  # noqa: E402

SECRET = "0123456789abcdef0123456789abcdef"
SLACK_DEADLINE = 3.0


# ---------------------------------------------------------------- processes
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@dataclass
class Served:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    healthy_after: float

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def cpu_seconds(self) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.workers():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes


def _log(name: str) -> Any:
    """The server's error log: to BENCH_LOG_DIR when set, else discarded."""
    where = os.environ.get("BENCH_LOG_DIR")
    if not where:
        return subprocess.DEVNULL
    return open(Path(where) / f"{name.replace(' ', '-')}.log", "ab")


@contextmanager
def serve(name: str, command: list[str], env: dict[str, str], port: int, workers: int) -> Iterator[Served]:
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603 (our own commands)
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=_log(name)
    )
    try:
        while True:
            if process.poll() is not None:
                raise SystemExit(f"{name} exited with {process.returncode}")
            try:
                if _get(port, "/healthz") == 200:
                    break
            except OSError:
                pass
            if time.monotonic() - started > 60:
                raise SystemExit(f"{name} did not answer /healthz within 60 s")
            time.sleep(0.01)
        served = Served(name, port, process, time.monotonic() - started)
        while len(served.workers()) < workers:  # every worker up (each answers on its own)
            time.sleep(0.05)
        for _ in range(workers * 4):
            _get(port, "/healthz")
        time.sleep(1.0)
        yield served
    finally:
        process.terminate()
        process.wait(timeout=30)


# ---------------------------------------------------------------- load
def _signed_post(port: int, body: bytes, content_type: str = "application/x-www-form-urlencoded") -> float:
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": str(SignatureVerifier(SECRET).generate_signature(timestamp=timestamp, body=body)),
    }
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/slack/events", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"port {port} answered {response.status}")
    return elapsed


@dataclass
class Load:
    latencies: list[float]
    wall: float

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.wall


def burst(port: int, bodies: list[bytes], concurrency: int) -> Load:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as senders:
        latencies = list(senders.map(lambda body: _signed_post(port, body), bodies))
    return Load(latencies, time.perf_counter() - started)


def wait_until(check: Callable[[], bool], timeout: float = 60.0) -> float:
    started = time.perf_counter()
    while not check():
        if time.perf_counter() - started > timeout:
            raise SystemExit("timed out waiting for peerbot to finish the work behind the acks")
        time.sleep(0.01)
    return time.perf_counter() - started
