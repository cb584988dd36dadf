"""TLS and proxies (issue #14, items 1, 4 and 9): ``ca_bundle_pem`` against loopback HTTPS servers
with a private CA (a CA-signed and a self-signed certificate) and through a TLS-inspecting proxy,
SOCKS5 proxies (explicit and from ``ALL_PROXY``), and a TLS failure's cause in ``str(e)``.

The certificates are made at run time by tests/tls/tlsrig.py (openssl CLI); the HTTPS servers and
proxies it starts forward to the session's simulator."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from govuk_notify import AsyncNotificationsAPIClient, NotificationsAPIClient, RetryPolicy
from govuk_notify import errors as E

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tls"))
from tlsrig import Rig  # noqa: E402


@pytest.fixture(scope="module")
def rig(sim):
    url = urllib.parse.urlsplit(sim.base_url)
    r = Rig((url.hostname, url.port))
    yield r
    r.close()


def secret(sim) -> str:
    return sim.keys["test"][-36:]


def test_ca_bundle_pem_trusts_a_server_signed_by_a_private_ca(sim, rig):
    for pem in (rig.ca_pem, rig.ca_pem.encode()):
        c = NotificationsAPIClient(sim.keys["test"], base_url=f"https://localhost:{rig.https_ca.port}", ca_bundle_pem=pem)
        assert c.get_template(sim.templates["sms"])["id"] == sim.templates["sms"]
    a = AsyncNotificationsAPIClient(sim.keys["test"], base_url=f"https://127.0.0.1:{rig.https_ca.port}", ca_bundle_pem=rig.ca_pem)
    assert asyncio.run(a.get_template(sim.templates["sms"]))["id"] == sim.templates["sms"]


def test_ca_bundle_pem_trusts_a_self_signed_server_certificate(sim, rig):
    c = NotificationsAPIClient(
        sim.keys["test"], base_url=f"https://127.0.0.1:{rig.https_self.port}", ca_bundle_pem=rig.self_signed_pem
    )
    assert c.get_template(sim.templates["sms"])["id"] == sim.templates["sms"]


def test_an_untrusted_certificate_is_a_transport_error_whose_str_says_why(sim, rig):
    for pem in (None, rig.self_signed_pem):  # no extra CA, or the wrong one
        c = NotificationsAPIClient(
            sim.keys["test"],
            base_url=f"https://localhost:{rig.https_ca.port}",
            ca_bundle_pem=pem,
            retry_policy=RetryPolicy.none(),
        )
        with pytest.raises(E.TransportError) as info:
            c.get_template(sim.templates["sms"])
        e = info.value
        assert e.kind == "transport" and e.status_code == 503 and e.message == "Request failed"
        assert "certificate" in e.detail.lower(), e.detail
        # Issue #14 item 9: an uncaught TransportError printed only "503 - Request failed".
        assert str(e) == f"503 - Request failed: {e.detail}"
        assert not e.may_have_reached_server
        assert secret(sim) not in str(e) and secret(sim) not in repr(e)


def test_a_tls_inspecting_proxy_is_trusted_with_its_ca_in_ca_bundle_pem(sim, rig):
    before = rig.inspecting_proxy.count
    c = NotificationsAPIClient(
        sim.keys["test"],
        base_url="https://notify.test",
        proxy=f"http://127.0.0.1:{rig.inspecting_proxy.port}",
        ca_bundle_pem=rig.inspection_ca_pem,
    )
    assert c.get_template(sim.templates["sms"])["id"] == sim.templates["sms"]
    assert rig.inspecting_proxy.count > before
    # Without the inspecting proxy's CA the intercepted connection is refused.
    refused = NotificationsAPIClient(
        sim.keys["test"],
        base_url="https://notify.test",
        proxy=f"http://127.0.0.1:{rig.inspecting_proxy.port}",
        ca_bundle_pem=rig.ca_pem,
        retry_policy=RetryPolicy.none(),
    )
    with pytest.raises(E.TransportError) as info:
        refused.get_template(sim.templates["sms"])
    assert "certificate" in str(info.value).lower()


def test_a_bad_ca_bundle_pem_is_an_argument_error(sim):
    with pytest.raises(E.ArgumentError) as info:
        NotificationsAPIClient(sim.keys["test"], base_url=sim.base_url, ca_bundle_pem="not a certificate")
    # The option as Python names it (the core's rule names every option in the caller's terms).
    assert info.value.field == "ca_bundle_pem"
    with pytest.raises(E.ArgumentError) as info:
        NotificationsAPIClient(sim.keys["test"], base_url=sim.base_url, ca_bundle_pem=42)  # type: ignore[arg-type]
    assert info.value.field == "ca_bundle_pem"


@pytest.mark.parametrize("scheme,host", [("socks5", "localhost"), ("socks5h", "notify.test")])
def test_a_socks5_proxy_carries_the_requests(sim, rig, scheme, host):
    before = rig.socks5.count
    c = NotificationsAPIClient(
        sim.keys["test"],
        base_url=f"https://{host}:{rig.https_ca.port}",
        proxy=f"{scheme}://127.0.0.1:{rig.socks5.port}",
        ca_bundle_pem=rig.ca_pem,
    )
    assert c.get_template(sim.templates["sms"])["id"] == sim.templates["sms"]
    assert rig.socks5.count > before


def test_all_proxy_socks5h_from_the_environment_is_honoured(sim, rig):
    program = (
        "import json, sys\n"
        "from govuk_notify import NotificationsAPIClient\n"
        "a = json.loads(sys.argv[1])\n"
        "c = NotificationsAPIClient(a['key'], base_url=a['base_url'], ca_bundle_pem=a['ca'])\n"
        "print(c.get_template(a['template'])['id'])\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["ALL_PROXY"] = f"socks5h://127.0.0.1:{rig.socks5.port}"
    args = {
        "key": sim.keys["test"],
        "base_url": "https://notify.test",  # not loopback, so the environment's proxy applies
        "ca": rig.ca_pem,
        "template": sim.templates["sms"],
    }
    before = rig.socks5.count
    out = subprocess.run(
        [sys.executable, "-c", program, json.dumps(args)], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == sim.templates["sms"]
    assert rig.socks5.count > before


def test_a_proxy_scheme_the_client_cannot_use_is_refused_at_construction(sim):
    with pytest.raises(E.ArgumentError) as info:
        NotificationsAPIClient(sim.keys["test"], base_url=sim.base_url, proxy="gopher://127.0.0.1:1080")
    assert info.value.field == "proxy" and "gopher" in str(info.value)
