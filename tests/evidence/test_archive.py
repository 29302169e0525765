"""Wayback availability and Save Page Now, with httpx.MockTransport standing in for archive.org only.

The issue allows a mock for exactly these two third-party APIs; the handlers check the requests we
send (endpoint, parameters, auth header) as well as feeding answers back.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from workbench.evidence.archive import (
    ArchiveKeys,
    save_page_now,
    save_status,
    snapshot_url,
    wayback_lookup,
)

TARGET = (
    "https://www.themoscowtimes.com/2019/05/31/kosovo-declares-russian-un-staffer-persona-non-grata-a65815"
)
JOB = "spn2-dea4b01e0839fb6ccf689dc93f5b2f5a4a4f8335"


def client(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def availability(closest: dict[str, object] | None) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.host == "archive.org" and request.url.path == "/wayback/available"
        assert request.url.params["url"] == TARGET
        snapshots = {"closest": closest} if closest else {}
        return httpx.Response(200, json={"url": TARGET, "archived_snapshots": snapshots})

    return handler


def test_lookup_found() -> None:
    answer = availability(
        {
            "available": True,
            "status": "200",
            "timestamp": "20190531120102",
            "url": f"http://web.archive.org/web/20190531120102/{TARGET}",
        }
    )
    copy = wayback_lookup(TARGET, client=client(answer))
    assert copy.status == "found" and copy.timestamp == "20190531120102"
    assert copy.url == f"https://web.archive.org/web/20190531120102/{TARGET}"
    assert copy.captured_http_status == "200" and copy.error is None


def test_lookup_not_found() -> None:
    copy = wayback_lookup(TARGET, client=client(availability(None)))
    assert copy.status == "not_found" and copy.url is None and copy.error is None


def test_lookup_passes_the_timestamp() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.params["timestamp"] == "20190601"
        return availability(None)(request)

    assert wayback_lookup(TARGET, client=client(handler), timestamp="20190601").status == "not_found"


def test_lookup_network_error_is_not_checked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    copy = wayback_lookup(TARGET, client=client(handler))
    assert copy.status == "not_checked"
    assert copy.error == "the Internet Archive could not be reached (ConnectError); not checked"


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(503, text="Service Unavailable"),
        httpx.Response(200, text="<html>maintenance</html>"),
        httpx.Response(200, json=["not", "a", "dict"]),
        httpx.Response(200, json={"archived_snapshots": {"closest": {"url": "javascript:alert(1)"}}}),
    ],
)
def test_lookup_odd_answers_are_not_checked(response: httpx.Response) -> None:
    copy = wayback_lookup(TARGET, client=client(lambda request: response))
    assert copy.status == "not_checked" and copy.error


def test_save_page_now_sends_keys_and_returns_the_job() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "POST" and str(request.url) == "https://web.archive.org/save"
        assert request.headers["Authorization"] == "LOW access:secret"
        assert request.headers["Accept"] == "application/json"
        form = dict(x.split("=", 1) for x in request.content.decode().split("&"))
        assert form["if_not_archived_within"] == "30d" and "themoscowtimes" in form["url"]
        return httpx.Response(200, json={"url": TARGET, "job_id": JOB})

    job = save_page_now(
        TARGET,
        client=client(handler),
        keys=ArchiveKeys("access", "secret"),
        options={"if_not_archived_within": "30d"},
    )
    assert job.status == "pending" and job.job_id == JOB


def test_save_status_success_gives_the_capture_url() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == f"/save/status/{JOB}"
        return httpx.Response(
            200,
            json={"status": "success", "job_id": JOB, "timestamp": "20260827142259", "original_url": TARGET},
        )

    job = save_status(JOB, client=client(handler))
    assert job.status == "success"
    assert job.capture_url == f"https://web.archive.org/web/20260827142259/{TARGET}"


def test_save_errors_are_reported_as_text() -> None:
    answer = {
        "status": "error",
        "status_ext": "error:invalid-host-resolution",
        "message": "Cannot resolve host example.invalid.\x1b[2J",
    }
    job = save_page_now(TARGET, client=client(lambda r: httpx.Response(200, json=answer)))
    assert job.status == "error"
    assert job.error == "the Internet Archive could not save it: Cannot resolve host example.invalid."


def test_save_anonymous_html_answer_still_yields_the_job() -> None:
    page = f'<html><script>spn.watchJob("{JOB}", "/_static/", 6000);</script></html>'
    job = save_page_now(TARGET, client=client(lambda r: httpx.Response(200, text=page)))
    assert job.status == "pending" and job.job_id == JOB


@pytest.mark.parametrize(("code", "status"), [(401, "error"), (429, "not_checked"), (502, "not_checked")])
def test_save_http_failures(code: int, status: str) -> None:
    job = save_page_now(TARGET, client=client(lambda r: httpx.Response(code)))
    assert job.status == status and job.error


def test_save_network_error_is_not_checked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    job = save_page_now(TARGET, client=client(handler))
    assert job.status == "not_checked" and "could not be reached (ReadTimeout)" in (job.error or "")
    assert json.loads(json.dumps(job.to_dict()))["status"] == "not_checked"


def test_save_status_rejects_a_bad_job_id_without_asking() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("must not be called")

    assert save_status("../../admin", client=client(handler)).status == "error"


def test_snapshot_url_only_accepts_wayback_addresses() -> None:
    assert snapshot_url(f"http://web.archive.org/web/2019/{TARGET}") == (
        f"https://web.archive.org/web/2019/{TARGET}",
        "2019",
    )
    assert snapshot_url("https://evil.example/web/2019/x") is None
    assert snapshot_url(None) is None
