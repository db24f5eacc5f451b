"""A minimal Streamlit client over the websocket protocol (``/_stcore/stream``), loopback only.

It does what the browser's first steps do: open the stream with the ``streamlit``
subprotocol, send a ``rerun_script`` BackMsg (page name and query string, as the browser
takes them from the URL), then read ForwardMsgs until ``script_finished``. Used by the
load test and the cold-start figure; a real browser checks correctness elsewhere.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tools.local_server import LOOPBACK

FINISHED_OK = (
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)


class ProtocolError(RuntimeError):
    """The server answered a run with an exception, a compile error or nothing in time."""


@dataclass
class RunResult:
    seconds: float
    messages: int
    bytes: int
    components: int  # custom components (st_folium maps) in the run
    exceptions: list[str] = field(default_factory=list)
    metrics: list[tuple[str, str]] = field(default_factory=list)  # st.metric label, value


def _check_loopback(url: str) -> None:
    host = urlparse(url).hostname
    if host not in (LOOPBACK, "localhost"):
        raise ValueError(f"only the loopback is allowed, not {host!r}")


def rerun_message(page: str, query: dict[str, str] | None = None) -> bytes:
    message = BackMsg()
    state = message.rerun_script
    state.page_name = page
    state.query_string = urlencode(query or {})
    state.context_info.timezone = "Asia/Urumqi"
    state.context_info.locale = "zh-CN"
    return message.SerializeToString()


class Session:
    """One app session: ``await Session.open(url)``, then ``await session.run(page, query)``."""

    def __init__(self, socket_):
        self.socket = socket_

    @classmethod
    async def open(cls, url: str, timeout: float = 30) -> Session:
        _check_loopback(url)
        stream = url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        socket_ = await websockets.connect(
            stream, subprotocols=["streamlit"], max_size=None, open_timeout=timeout
        )
        return cls(socket_)

    async def run(
        self, page: str, query: dict[str, str] | None = None, timeout: float = 60
    ) -> RunResult:
        """Send a rerun and read until the script finishes; raises ProtocolError."""
        start = time.perf_counter()
        await self.socket.send(rerun_message(page, query))
        messages = size = components = 0
        exceptions: list[str] = []
        metrics: list[tuple[str, str]] = []
        deadline = start + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise ProtocolError(f"no script_finished within {timeout:g} s")
            try:
                raw = await asyncio.wait_for(self.socket.recv(), remaining)
            except TimeoutError:
                raise ProtocolError(f"no script_finished within {timeout:g} s") from None
            messages += 1
            size += len(raw)
            message = ForwardMsg()
            message.ParseFromString(raw)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    exceptions.append(f"{element.exception.type}: {element.exception.message}")
                elif which == "component_instance":
                    components += 1
                elif which == "metric":
                    metrics.append((element.metric.label, element.metric.body))
            elif kind == "script_finished":
                if message.script_finished not in FINISHED_OK:
                    status = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
                    if status == "FINISHED_EARLY_FOR_RERUN":
                        continue  # the script reran itself (st.rerun): wait for that run
                    raise ProtocolError(f"script finished with {status}")
                result = RunResult(time.perf_counter() - start, messages, size, components)
                result.exceptions, result.metrics = exceptions, metrics
                if exceptions:
                    raise ProtocolError("; ".join(exceptions))
                return result

    async def close(self) -> None:
        await self.socket.close()


def run_async(make_coroutine):
    """``asyncio.run(make_coroutine())`` in a thread of its own, so it also works where the
    calling thread already runs an event loop (e.g. next to Playwright's sync API)."""
    outcome: dict = {}

    def work() -> None:
        try:
            outcome["value"] = asyncio.run(make_coroutine())
        except BaseException as error:  # handed to the caller below
            outcome["error"] = error

    worker = threading.Thread(target=work, name="atlas-protocol-client")
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
