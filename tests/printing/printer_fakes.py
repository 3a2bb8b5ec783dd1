"""A network receipt printer on 127.0.0.1 for tests: takes connections and keeps the bytes."""

import socket
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Job:
    """The bytes of one connection, and when its first byte arrived (perf_counter)."""

    data: bytearray = field(default_factory=bytearray)
    first_byte_at: float | None = None


class FakeNetworkPrinter:
    """Listens on 127.0.0.1; every connection is a job, read until the sender closes."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self.jobs: list[Job] = []
        self.first_byte = threading.Event()  # set when a job's first byte arrives
        self._done = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)
        self._thread.start()

    @property
    def spec(self) -> str:
        return f"escpos-net:127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _addr = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            job = Job()
            with conn:
                conn.settimeout(10)
                while True:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    if job.first_byte_at is None:
                        job.first_byte_at = time.perf_counter()
                        self.first_byte.set()
                    job.data.extend(chunk)
            with self._done:
                self.jobs.append(job)
                self._done.notify_all()

    def wait_for_jobs(self, count: int, timeout: float = 10.0) -> list[Job]:
        with self._done:
            self._done.wait_for(lambda: len(self.jobs) >= count, timeout)
        return self.jobs

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        self._thread.join(5)


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
