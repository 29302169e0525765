"""A real HTTP server on 127.0.0.1 (in a thread) with one route per misbehaviour fetching must survive."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import html
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BOMB_SIZE = 16_000_000  # decodes to 250x the test cap from ~16 KB on the wire


def seed_article(index: int) -> tuple[str, list[str]]:
    """(headline, paragraphs) of a real seed article, page junk at the ends dropped."""
    path = sorted(SEEDS.glob("*.txt"))[index]
    paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    body = [p for p in paragraphs if len(p) > 120]
    headline = next(p for p in paragraphs if 30 < len(p) < 120)
    return headline, body


def article_html(title: str, paragraphs: list[str], charset: str | None = None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head>{meta}<title>{html.escape(title)}</title></head>"
        f"<body><nav>Home | World | Sport</nav><article><h1>{html.escape(title)}</h1>{paras}</article>"
        "<footer>Subscribe to our newsletter</footer></body></html>"
    )


@dataclass
class LocalServer:
    """The running server: base URL, a mutable page, and a log of paths served."""

    host: str
    port: int
    mutable: dict[str, str] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """Served at their path (``/pages/...``, ``/robots.txt``) as ``(content type, body)``, with an
    ETag and Last-Modified; a matching ``If-None-Match`` gets ``304 Not Modified``."""
    headers_seen: list[dict[str, str]] = field(default_factory=list)
    barriers: dict[int, threading.Barrier] = field(default_factory=dict)
    """``/together?n=N&wait=S`` answers once N requests are in the handler at the same moment (504 after S s)."""
    gate: threading.Event = field(default_factory=threading.Event)
    """``/gate`` answers once a test sets this (or fails with 504 after 10 s)."""
    drips_dropped: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))
    """Released once per ``/drip`` whose client hung up before the end."""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def barrier(self, parties: int, wait: float) -> threading.Barrier:
        with self._lock:
            return self.barriers.setdefault(parties, threading.Barrier(parties, timeout=wait))

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"


Route = Callable[[BaseHTTPRequestHandler, dict[str, list[str]]], None]


def _send(
    handler: BaseHTTPRequestHandler,
    code: int,
    body: bytes,
    ctype: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(code)
    if ctype:
        handler.send_header("Content-Type", ctype)
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _build_routes(server: LocalServer) -> dict[str, Route]:
    headline, paragraphs = seed_article(0)
    ok_page = article_html(headline, paragraphs).encode("utf-8")
    bomb = gzip.compress(b"\0" * BOMB_SIZE, compresslevel=6)
    gz_page = gzip.compress(ok_page)
    french = (
        "Le président a déclaré que la réforme était nécessaire, malgré les grèves qui paralysent "
        "le pays depuis des semaines. Les syndicats réclament son retrait immédiat et préparent "
        "une nouvelle journée de mobilisation à Paris, où la préfecture attend des milliers de "
        "manifestants."
    )
    french_page = article_html("Réforme: grève générale à Paris", [french] * 3)

    def ok(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        delay = float(q.get("delay", ["0"])[0])
        if delay:
            time.sleep(delay)
        _send(h, 200, ok_page)

    def redirect(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        n = int(q.get("n", ["1"])[0])
        target = "/ok" if n <= 1 else f"/redirect?n={n - 1}"
        _send(h, 302, b"", None, {"Location": target})

    def loop(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        _send(h, 301, b"", None, {"Location": "/loop-b" if h.path.startswith("/loop-a") else "/loop-a"})

    def to(target: str) -> Route:
        def route(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
            _send(h, 302, b"", None, {"Location": target.replace("PORT", str(server.port))})

        return route

    def status(code: int) -> Route:
        def route(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
            _send(h, code, article_html(f"Error {code}", ["Nothing here."]).encode())

        return route

    def slow(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        time.sleep(float(q.get("s", ["1.5"])[0]))
        _send(h, 200, ok_page)

    def drip(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        try:
            for _ in range(100_000):  # one byte every 0.1 s: each read is quick, the whole is endless
                h.wfile.write(b"x")
                h.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            server.drips_dropped.release()
            raise

    def endless(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/plain; charset=utf-8")
        h.end_headers()  # no length: the body ends when the connection does (never)
        line = (paragraphs[0] + "\n").encode()
        while True:
            h.wfile.write(line * 64)

    def gzip_bomb(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        _send(h, 200, bomb, "text/plain", {"Content-Encoding": "gzip"})

    def gzipped(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        _send(h, 200, gz_page, "text/html; charset=utf-8", {"Content-Encoding": "gzip"})

    def bad_gzip(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        _send(h, 200, b"this is not gzip at all" * 10, "text/plain", {"Content-Encoding": "gzip"})

    def pdf(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
        _send(h, 200, body, "application/pdf")

    def json_doc(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        _send(h, 200, b'{"claim": "19 police officers arrested", "rating": "true"}', "application/json")

    def plain(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        _send(h, 200, "\n\n".join(paragraphs[:3]).encode(), "text/plain; charset=utf-8")

    def latin1_as_utf8(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        _send(h, 200, french_page.encode("latin-1"), "text/html; charset=utf-8")

    def utf8_as_latin1(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        _send(h, 200, french_page.encode("utf-8"), "text/html; charset=iso-8859-1")

    def no_charset(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        _send(h, 200, french_page.encode("cp1252"), "text/html")

    def bogus_charset(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        _send(h, 200, french_page.encode("utf-8"), "text/html; charset=x-no-such-charset")

    def raw_title(title: str) -> Route:
        def route(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
            _send(h, 200, f"<html><head><title>{title}</title></head><body><p>x</p></body></html>".encode())

        return route

    def mutable(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        _send(h, 200, server.mutable.get("page", "").encode("utf-8"))

    def delayed(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        time.sleep(float(q.get("ms", ["50"])[0]) / 1000)
        _send(h, 200, ok_page)

    def together(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        try:
            server.barrier(int(q.get("n", ["2"])[0]), float(q.get("wait", ["10"])[0])).wait()
        except threading.BrokenBarrierError:
            _send(h, 504, b"the other requests never came at the same time")
            return
        _send(h, 200, ok_page)

    def gate(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        if server.gate.wait(timeout=10):
            _send(h, 200, ok_page)
        else:
            _send(h, 504, b"the gate was never opened")

    def garbage(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        h.wfile.write(b"SSH-2.0-OpenSSH_9.2 this is not HTTP\r\n\r\n")
        h.close_connection = True

    def hang_up(h: BaseHTTPRequestHandler, q: dict[str, list[str]]) -> None:
        h.close_connection = True  # close without a single byte of answer

    return {
        "/garbage": garbage,
        "/hang-up": hang_up,
        "/ok": ok,
        "/redirect": redirect,
        "/loop-a": loop,
        "/loop-b": loop,
        "/to-127-0-0-2": to("http://127.0.0.2:PORT/ok"),
        "/to-localhost": to("http://localhost:PORT/ok"),
        "/to-rebind": to("http://rebind.test:PORT/ok"),
        "/to-ftp": to("ftp://127.0.0.1/file"),
        "/to-file": to("file:///etc/passwd"),
        "/404": status(404),
        "/410": status(410),
        "/500": status(500),
        "/403": status(403),
        "/429": status(429),
        "/418": status(418),
        "/slow": slow,
        "/drip": drip,
        "/endless": endless,
        "/bomb": gzip_bomb,
        "/gzipped": gzipped,
        "/bad-gzip": bad_gzip,
        "/pdf": pdf,
        "/json": json_doc,
        "/plain": plain,
        "/latin1-as-utf8": latin1_as_utf8,
        "/utf8-as-latin1": utf8_as_latin1,
        "/no-charset": no_charset,
        "/bogus-charset": bogus_charset,
        "/title-markup": raw_title("[@click=app.quit]"),
        "/title-ansi": raw_title("\x1b[31mBreaking\x1b[0m\x07 news\u202e\x1b]0;owned\x07 \n\t here\x00"),
        "/mutable": mutable,
        "/delayed": delayed,
        "/together": together,
        "/gate": gate,
    }


def _serve_page(handler: BaseHTTPRequestHandler, page: tuple[str, bytes] | None) -> None:
    if page is None:
        _send(handler, 404, b"no such page")
        return
    ctype, body = page
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    headers = {"ETag": etag, "Last-Modified": "Tue, 28 May 2019 10:00:00 GMT"}
    if handler.headers.get("If-None-Match") == etag:
        handler.send_response(304)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return
    _send(handler, 200, body, ctype, headers)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up on endless bodies are expected, not news


@contextlib.contextmanager
def running_server() -> Iterator[LocalServer]:
    """Serve the routes on 127.0.0.1 until the block ends."""
    state = LocalServer("127.0.0.1", 0)
    routes: dict[str, Route] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else headers+body as two writes meet delayed ACK: +40 ms

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            state.hits.append(parts.path)
            state.headers_seen.append(dict(self.headers.items()))
            if parts.path in state.pages or parts.path.startswith("/pages/"):
                _serve_page(self, state.pages.get(parts.path))
                return
            route = routes.get(parts.path)
            if route is None:
                _send(self, 404, b"no such route")
                return
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                route(self, parse_qs(parts.query))

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = _Server(("127.0.0.1", 0), Handler)
    state.port = httpd.server_address[1]
    routes.update(_build_routes(state))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
