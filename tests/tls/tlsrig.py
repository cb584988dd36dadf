"""A TLS test rig on 127.0.0.1, for the CA-bundle and proxy tests of every binding (issue #14).

Everything is made at run time in a temporary directory (openssl CLI): nothing private is
committed. Given a plain-HTTP target (the simulator), it starts:

- ``https_ca``: a TLS front whose certificate (for localhost, 127.0.0.1 and notify.test) is signed
  by a private CA (``ca_pem``);
- ``https_self``: a TLS front with a self-signed certificate (``self_signed_pem``), no CA;
- ``inspecting_proxy``: an HTTP proxy that answers CONNECT itself and terminates the TLS inside
  with a certificate from a second private CA (``inspection_ca_pem``), as a corporate
  TLS-inspecting proxy does, then forwards the decrypted requests to the target;
- ``socks5``: a SOCKS5 proxy (no authentication) that connects every request to the ``https_ca``
  front, whatever host it names (so ``socks5h://`` with ``notify.test`` works without DNS).

Each server counts the connections it handled (``counts``). Python tests use :class:`Rig`; other
languages run ``python3 tests/tls/tlsrig.py HOST:PORT``, which prints one JSON line with the
ports, the PEM texts and a ``control`` port (a line ``counts`` on it answers the counts as
JSON), and runs until its standard input closes.
"""

from __future__ import annotations

import json
import os
import select
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Callable, Dict, Optional, Tuple

SAN = "DNS:localhost,DNS:notify.test,IP:127.0.0.1"


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _make_ca(d: Path, name: str) -> None:
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
        "-keyout", f"{name}.key", "-out", f"{name}.pem",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=d,
    )


def _make_leaf(d: Path, name: str, ca: str) -> None:
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}", "-keyout", f"{name}.key",
             "-out", f"{name}.csr", cwd=d)
    (d / f"{name}.ext").write_text(
        f"subjectAltName={SAN}\nbasicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
    )
    _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key",
             "-CAcreateserial", "-days", "2", "-extfile", f"{name}.ext", "-out", f"{name}.pem", cwd=d)


def _make_self_signed(d: Path, name: str) -> None:
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
        "-keyout", f"{name}.key", "-out", f"{name}.pem", "-addext", f"subjectAltName={SAN}",
        "-addext", "basicConstraints=critical,CA:FALSE",
        "-addext", "keyUsage=critical,digitalSignature,keyEncipherment", "-addext", "extendedKeyUsage=serverAuth",
        cwd=d,
    )


def _relay(a: socket.socket, b: socket.socket) -> None:
    """Copies bytes both ways until either side closes (one thread; TLS sockets are not shared)."""
    socks = [a, b]
    try:
        while True:
            ready = [s for s in socks if isinstance(s, ssl.SSLSocket) and s.pending()]
            if not ready:
                ready, _, _ = select.select(socks, [], [], 60)
                if not ready:
                    return
            for s in ready:
                other = b if s is a else a
                try:
                    data = s.recv(65536)
                except ssl.SSLWantReadError:
                    continue
                if not data:
                    return
                other.sendall(data)
    except OSError:
        return
    finally:
        for s in socks:
            try:
                s.close()
            except OSError:
                pass


class _Server:
    """A TCP listener on a free 127.0.0.1 port; each connection handled on its own thread."""

    def __init__(self, handle: Callable[[socket.socket], None]) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port: int = self.sock.getsockname()[1]
        self.count = 0
        self._handle = handle
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.count += 1
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn: socket.socket) -> None:
        try:
            self._handle(conn)
        except (OSError, ssl.SSLError):
            conn.close()

    def close(self) -> None:
        self.sock.close()


def _server_context(d: Path, name: str) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(d / f"{name}.pem", d / f"{name}.key")
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


class Rig:
    """The servers described in the module docstring, forwarding to ``target`` = (host, port)."""

    def __init__(self, target: Tuple[str, int]) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="govuk-notify-tls-")
        d = Path(self._tmp.name)
        _make_ca(d, "ca")
        _make_leaf(d, "leaf", "ca")
        _make_self_signed(d, "self")
        _make_ca(d, "inspection-ca")
        _make_leaf(d, "inspection-leaf", "inspection-ca")
        self.ca_pem = (d / "ca.pem").read_text()
        self.self_signed_pem = (d / "self.pem").read_text()
        self.inspection_ca_pem = (d / "inspection-ca.pem").read_text()
        self.target = target
        leaf_ctx = _server_context(d, "leaf")
        self_ctx = _server_context(d, "self")
        inspect_ctx = _server_context(d, "inspection-leaf")

        def tls_front(ctx: ssl.SSLContext) -> Callable[[socket.socket], None]:
            def handle(conn: socket.socket) -> None:
                tls = ctx.wrap_socket(conn, server_side=True)  # raises if the client refuses us
                _relay(tls, socket.create_connection(self.target))

            return handle

        def inspect(conn: socket.socket) -> None:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(4096)
                if not chunk:
                    conn.close()
                    return
                head += chunk
            if not head.upper().startswith(b"CONNECT "):
                conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n")
                conn.close()
                return
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            tls = inspect_ctx.wrap_socket(conn, server_side=True)
            _relay(tls, socket.create_connection(self.target))

        def socks5(conn: socket.socket) -> None:
            f = conn.makefile("rb")
            _version, n = f.read(2)
            f.read(n)
            conn.sendall(b"\x05\x00")
            _v, _cmd, _rsv, atyp = f.read(4)
            skip = {1: 4, 4: 16}.get(atyp) or f.read(1)[0]
            f.read(skip + 2)
            upstream = socket.create_connection(("127.0.0.1", self.https_ca.port))
            conn.sendall(b"\x05\x00\x00\x01\x7f\x00\x00\x01\x00\x00")
            _relay(conn, upstream)

        self.https_ca = _Server(tls_front(leaf_ctx))
        self.https_self = _Server(tls_front(self_ctx))
        self.inspecting_proxy = _Server(inspect)
        self.socks5 = _Server(socks5)

    def counts(self) -> Dict[str, int]:
        return {
            "https_ca": self.https_ca.count,
            "https_self": self.https_self.count,
            "inspecting_proxy": self.inspecting_proxy.count,
            "socks5": self.socks5.count,
        }

    def info(self) -> Dict[str, object]:
        return {
            "ca_pem": self.ca_pem,
            "self_signed_pem": self.self_signed_pem,
            "inspection_ca_pem": self.inspection_ca_pem,
            "https_ca_port": self.https_ca.port,
            "https_self_port": self.https_self.port,
            "inspecting_proxy_port": self.inspecting_proxy.port,
            "socks5_port": self.socks5.port,
        }

    def close(self) -> None:
        for s in (self.https_ca, self.https_self, self.inspecting_proxy, self.socks5):
            s.close()
        self._tmp.cleanup()


def main(argv: list) -> int:
    host, _, port = argv[1].rpartition(":")
    rig = Rig((host, int(port)))
    control: Optional[_Server] = None

    def answer(conn: socket.socket) -> None:
        with conn, conn.makefile("rwb") as f:
            for _line in f:
                f.write(json.dumps(rig.counts()).encode() + b"\n")
                f.flush()

    control = _Server(answer)
    print(json.dumps({**rig.info(), "control_port": control.port}), flush=True)
    sys.stdin.read()  # until the parent closes our stdin (or exits)
    control.close()
    rig.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
