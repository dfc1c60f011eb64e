"""The front door (docker/nginx.conf, compose's service "proxy") with the portal behind it: an
nginx on this machine runs the same configuration in front of pytest-django's live server.

What compose showed (bench/RESULTS.md): nginx passed `Host` without the client's port, so every
absolute link (feeds) lost it and a browser's POST from http://host:8000 failed Django's CSRF
Origin check; nginx's own refusals (413, 502) were English pages."""

import http.client
import re
import shutil
import socket
import subprocess
import time

import pytest

from bench.hostile import local_nginx_conf

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def front_door(tmp_path):
    """Start nginx with docker/nginx.conf in front of 127.0.0.1:<upstream>; the nginx port."""
    if not shutil.which(NGINX):
        pytest.skip("nginx is not installed (.ci/run installs it)")
    started = []

    def start(upstream_port: int) -> int:
        port = free_port()
        conf = local_nginx_conf(upstream_port, port, tmp_path / f"nginx-{port}")
        started.append(subprocess.Popen([NGINX, "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.DEVNULL))
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return port
            except OSError:
                time.sleep(0.05)
        raise AssertionError("nginx did not start")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={"Host": f"127.0.0.1:{port}", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def upstream_port(live_server) -> int:
    return int(live_server.url.rsplit(":", 1)[1])


def test_a_browser_login_through_nginx_on_a_port_passes_the_csrf_origin_check(live_server, front_door):
    port = front_door(upstream_port(live_server))
    status, headers, html = request(port, "GET", "/admin/login/")
    assert status == 200
    cookie = next(
        value.split(";")[0] for name, value in headers if name.lower() == "set-cookie" and "csrftoken" in value
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    status, _, html = request(
        port,
        "POST",
        "/admin/login/",
        body=f"csrfmiddlewaretoken={token}&username=nobody&password=wrong&next=/admin/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Origin": f"http://127.0.0.1:{port}",  # what a browser sends on a form POST
        },
    )
    # Before: 403 (Origin http://127.0.0.1:<port> against Host 127.0.0.1). Now the form answers
    # the wrong password itself.
    assert status == 200
    assert 'id="id_username"' in html


def test_feed_links_through_nginx_keep_the_clients_port(live_server, front_door):
    port = front_door(upstream_port(live_server))
    status, _, atom = request(port, "GET", "/feeds/items.atom")
    assert status == 200
    assert f'href="http://127.0.0.1:{port}/feeds/items.atom" rel="self"' in atom


def test_nginx_refuses_an_oversize_body_with_a_chinese_page_before_reading_it(live_server, front_door):
    port = front_door(upstream_port(live_server))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest("POST", "/audit/lateness/")
        conn.putheader("Content-Type", "multipart/form-data; boundary=x")
        conn.putheader("Content-Length", str(400 * 1024 * 1024))
        conn.endheaders(b"--x\r\n")
        response = conn.getresponse()
        page = response.read().decode()
    finally:
        conn.close()
    assert response.status == 413
    assert "提交的内容过大" in page and 'lang="zh-Hans"' in page


def test_with_the_portal_down_nginx_answers_503_in_chinese_with_retry_after(front_door):
    port = front_door(free_port())  # nothing listens there
    status, headers, page = request(port, "GET", "/")
    assert status == 503
    assert dict((name.lower(), value) for name, value in headers)["retry-after"] == "10"
    assert "服务暂时不可用" in page and "Bad Gateway" not in page
