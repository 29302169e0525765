"""TLS through the guard: we connect to the vetted IP, yet SNI and certificate checks use the host name.

A throwaway CA and a certificate for ``evidence.test`` are made with the openssl command line; the
HTTPS server runs on 127.0.0.1 and a resolver maps ``evidence.test`` there.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.evidence.localserver import article_html, seed_article
from workbench.evidence.fetch import FetchPolicy, fetch, make_client

HOST = "evidence.test"
pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=30)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CA (ca.pem) and a server key/certificate for evidence.test signed by it."""
    d = tmp_path_factory.mktemp("pki")
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    _openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=Evidence Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)  # fmt: skip
    _openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", f"/CN={HOST}", cwd=d)
    (d / "ext.cnf").write_text(
        f"subjectAltName=DNS:{HOST}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n"
        "extendedKeyUsage=serverAuth\n"
    )
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf", cwd=d)  # fmt: skip
    return d


@pytest.fixture(scope="module")
def tls_server(pki: Path) -> Iterator[tuple[int, list[str | None]]]:
    """An HTTPS server on 127.0.0.1 serving a seed article; yields (port, SNI names it was sent)."""
    headline, paragraphs = seed_article(2)
    page = article_html(headline, paragraphs).encode()
    sni: list[str | None] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # failed handshakes are the point of some tests

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki / "server.pem", pki / "server.key")
    context.sni_callback = lambda sock, name, ctx: sni.append(name)
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True, do_handshake_on_connect=False)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield httpd.server_address[1], sni
    finally:
        httpd.shutdown()
        httpd.server_close()


def _resolver(host: str, port: int) -> list[str]:
    if host == HOST:
        return ["127.0.0.1"]
    raise OSError(f"unexpected lookup of {host}")


POLICY = FetchPolicy(connect_timeout=2.0, read_timeout=2.0, deadline=5.0, allow_addresses=("127.0.0.1",))


def test_name_verified_while_connecting_to_the_vetted_ip(
    pki: Path, tls_server: tuple[int, list[str | None]]
) -> None:
    port, sni = tls_server
    trust = ssl.create_default_context(cafile=str(pki / "ca.pem"))
    with make_client(POLICY, resolver=_resolver, ssl_context=trust) as client:
        r = fetch(f"https://{HOST}:{port}/article", POLICY, client=client)
    assert r.status == "ok", r.error
    assert r.title == seed_article(2)[0]
    assert HOST in sni  # the server was asked for evidence.test, not for 127.0.0.1


def test_certificate_for_another_name_is_refused(pki: Path, tls_server: tuple[int, list[str | None]]) -> None:
    port, _ = tls_server
    trust = ssl.create_default_context(cafile=str(pki / "ca.pem"))
    with make_client(POLICY, ssl_context=trust) as client:
        r = fetch(f"https://127.0.0.1:{port}/article", POLICY, client=client)
    assert r.status == "tls_error"
    assert r.error == (
        "the certificate of 127.0.0.1 was not accepted "
        "(IP address mismatch, certificate is not valid for '127.0.0.1')"
    )


def test_unknown_ca_is_refused_by_default(tls_server: tuple[int, list[str | None]]) -> None:
    port, _ = tls_server
    r = fetch(f"https://{HOST}:{port}/article", POLICY, resolver=_resolver)
    assert r.status == "tls_error"
    assert r.error == (
        "the certificate of evidence.test was not accepted (unable to get local issuer certificate)"
    )
