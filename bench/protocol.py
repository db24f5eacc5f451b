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

from picows import WSFrame, WSListener, WSMsgType, WSTransport, ws_connect

try:  # a faster event loop: the load generator then takes less of the cores it shares
    import uvloop

    LOOP_FACTORY = uvloop.new_event_loop
    LOOP_NAME = "uvloop"
except ImportError:  # pragma: no cover - uvloop is in requirements-dev.txt
    LOOP_FACTORY, LOOP_NAME = None, "asyncio"
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tools.local_server import LOOPBACK

MAX_MESSAGE_BYTES = 256 * 2**20
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


class _RunListener(WSListener):
    """Reads the stream's frames as they arrive and follows the run in progress, so the
    event loop wakes the waiting coroutine once per run, not once per message."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.run: _Run | None = None
        self.closed = False

    def on_ws_frame(self, transport: WSTransport, frame: WSFrame) -> None:
        if frame.msg_type == WSMsgType.CLOSE:
            transport.send_close(frame.get_close_code())
            transport.disconnect()
            return
        if frame.msg_type not in (WSMsgType.BINARY, WSMsgType.CONTINUATION):
            return
        self.parts.append(frame.get_payload_as_bytes())
        if frame.fin:
            raw = b"".join(self.parts)
            self.parts = []
            if self.run is not None:
                self.run.take(raw)

    def on_ws_disconnected(self, transport: WSTransport) -> None:
        self.closed = True
        if self.run is not None:
            self.run.fail(ProtocolError("the server closed the connection"))


class _Run:
    """One script run's messages, until ``script_finished``."""

    def __init__(self):
        self.start = time.perf_counter()
        self.done: asyncio.Future = asyncio.get_running_loop().create_future()
        self.messages = self.size = self.components = 0
        self.exceptions: list[str] = []
        self.metrics: list[tuple[str, str]] = []

    def fail(self, error: Exception) -> None:
        if not self.done.done():
            self.done.set_exception(error)

    def take(self, raw: bytes) -> None:
        self.messages += 1
        self.size += len(raw)
        message = ForwardMsg()
        message.ParseFromString(raw)
        kind = message.WhichOneof("type")
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            which = element.WhichOneof("type")
            if which == "exception":
                self.exceptions.append(f"{element.exception.type}: {element.exception.message}")
            elif which == "component_instance":
                self.components += 1
            elif which == "metric":
                self.metrics.append((element.metric.label, element.metric.body))
        elif kind == "script_finished":
            if message.script_finished not in FINISHED_OK:
                status = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    return  # the script reran itself (st.rerun): wait for that run
                self.fail(ProtocolError(f"script finished with {status}"))
            elif self.exceptions:
                self.fail(ProtocolError("; ".join(self.exceptions)))
            elif not self.done.done():
                result = RunResult(
                    time.perf_counter() - self.start, self.messages, self.size, self.components
                )
                result.exceptions, result.metrics = self.exceptions, self.metrics
                self.done.set_result(result)


class Session:
    """One app session: ``await Session.open(url)``, then ``await session.run(page, query)``."""

    def __init__(self, transport: WSTransport, listener: _RunListener):
        self.transport = transport
        self.listener = listener

    @classmethod
    async def open(cls, url: str, timeout: float = 30) -> Session:
        _check_loopback(url)
        stream = url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        transport, listener = await ws_connect(
            _RunListener,
            stream,
            websocket_handshake_timeout=timeout,
            max_frame_size=MAX_MESSAGE_BYTES,
            extra_headers={"Sec-WebSocket-Protocol": "streamlit"},
        )
        return cls(transport, listener)

    async def run(
        self, page: str, query: dict[str, str] | None = None, timeout: float = 60
    ) -> RunResult:
        """Send a rerun and read until the script finishes; raises ProtocolError."""
        if self.listener.closed:
            raise ProtocolError("the server closed the connection")
        run = self.listener.run = _Run()
        self.transport.send(WSMsgType.BINARY, rerun_message(page, query))
        try:
            return await asyncio.wait_for(run.done, timeout)
        except TimeoutError:
            raise ProtocolError(f"no script_finished within {timeout:g} s") from None
        finally:
            self.listener.run = None

    async def close(self) -> None:
        if not self.listener.closed:
            self.transport.send_close()
            self.transport.disconnect()
        await self.transport.wait_disconnected()


def run_async(make_coroutine):
    """Run ``make_coroutine()`` to its end on a new event loop (uvloop where installed) in a
    thread of its own, so it also works where the calling thread already runs an event loop
    (e.g. next to Playwright's sync API)."""
    outcome: dict = {}

    def work() -> None:
        try:
            with asyncio.Runner(loop_factory=LOOP_FACTORY) as runner:
                outcome["value"] = runner.run(make_coroutine())
        except BaseException as error:  # handed to the caller below
            outcome["error"] = error

    worker = threading.Thread(target=work, name="atlas-protocol-client")
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
