"""Receiving GOV.UK Notify callbacks in a WSGI app (standard library only: wsgiref).

Notify POSTs a delivery receipt to your callback URL when a message reaches its final status,
and a received text to your inbound URL when someone texts your number, with the header
``Authorization: Bearer <token>``. This app checks the token (401 if wrong), parses the body
(400 if it is not the payload expected) and hands the typed payload to your code (here: prints
it as a JSON line)::

    NOTIFY_CALLBACK_TOKEN=my-token python examples/python/callbacks_wsgi.py 8000

then configure ``http://<host>:8000/notify/delivery-receipts`` and
``http://<host>:8000/notify/received-texts`` in Notify (or try it locally with
``govuk-notify-simulator --callback-url ... --inbound-callback-url ... --callback-token my-token``).
Port 0 picks a free port; the first line printed is the address it listens on.

The same ``make_app`` works under any WSGI server (gunicorn, uWSGI, mod_wsgi); in Flask the body
of a view is the same three calls with ``request.headers.get("Authorization")`` and
``request.get_data()``.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Callable, Dict, Iterable, List, Tuple
from wsgiref.simple_server import WSGIRequestHandler, make_server

from govuk_notify.callbacks import (
    CallbackAuthError,
    DeliveryReceipt,
    InvalidCallbackError,
    ReceivedText,
    check_bearer_token,
    parse_delivery_receipt,
    parse_received_text,
)

StartResponse = Callable[[str, List[Tuple[str, str]]], Any]


def make_app(
    token: str,
    on_delivery_receipt: Callable[[DeliveryReceipt], None],
    on_received_text: Callable[[ReceivedText], None],
) -> Callable[[Dict[str, Any], StartResponse], Iterable[bytes]]:
    """A WSGI app serving ``POST /notify/delivery-receipts`` and ``POST /notify/received-texts``."""
    routes: Dict[str, Tuple[Callable[[bytes], Any], Callable[[Any], None]]] = {
        "/notify/delivery-receipts": (parse_delivery_receipt, on_delivery_receipt),
        "/notify/received-texts": (parse_received_text, on_received_text),
    }

    def reply(start_response: StartResponse, status: str, text: str = "") -> List[bytes]:
        body = text.encode()
        start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]

    def app(environ: Dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        route = routes.get(environ.get("PATH_INFO", ""))
        if route is None:
            return reply(start_response, "404 Not Found")
        if environ["REQUEST_METHOD"] != "POST":
            return reply(start_response, "405 Method Not Allowed")
        parse, handle = route
        try:
            check_bearer_token(environ.get("HTTP_AUTHORIZATION"), token)
        except CallbackAuthError:
            return reply(start_response, "401 Unauthorized")
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        try:
            payload = parse(body)
        except InvalidCallbackError as e:
            return reply(start_response, "400 Bad Request", str(e))
        handle(payload)
        return reply(start_response, "200 OK")

    return app


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base's name)
        pass


def main() -> None:
    token = os.environ["NOTIFY_CALLBACK_TOKEN"]
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000

    def show(kind: str) -> Callable[[Any], None]:
        return lambda payload: print(json.dumps({"kind": kind, **payload.to_dict()}), flush=True)

    app = make_app(token, show("delivery_receipt"), show("received_text"))
    with make_server("127.0.0.1", port, app, handler_class=_QuietHandler) as server:
        print(f"listening on http://127.0.0.1:{server.server_port}", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
