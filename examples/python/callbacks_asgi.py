"""Receiving GOV.UK Notify callbacks in an ASGI app (served here by uvicorn).

A plain ASGI application, so it runs under uvicorn, hypercorn or daphne, or mounts inside
Starlette/FastAPI. With FastAPI the endpoint is the same three steps::

    @app.post("/notify/delivery-receipts")
    async def delivery_receipt(request: Request) -> Response:
        try:
            check_bearer_token(request.headers.get("authorization"), TOKEN)
            receipt = parse_delivery_receipt(await request.body())
        except CallbackAuthError:
            return Response(status_code=401)
        except InvalidCallbackError:
            return Response(status_code=400)
        ...

Run it with ``NOTIFY_CALLBACK_TOKEN=my-token python examples/python/callbacks_asgi.py 8000``
(port 0 picks a free port; the first line printed is the address it listens on). Each callback
received is printed as a JSON line.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

from govuk_notify.callbacks import (
    CallbackAuthError,
    DeliveryReceipt,
    InvalidCallbackError,
    ReceivedText,
    check_bearer_token,
    parse_delivery_receipt,
    parse_received_text,
)

Scope = Dict[str, Any]
Receive = Callable[[], Awaitable[Dict[str, Any]]]
Send = Callable[[Dict[str, Any]], Awaitable[None]]
MAX_BODY = 1 << 20  # callbacks are a few hundred bytes


def make_app(
    token: str,
    on_delivery_receipt: Callable[[DeliveryReceipt], Awaitable[None]],
    on_received_text: Callable[[ReceivedText], Awaitable[None]],
) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    """An ASGI app serving ``POST /notify/delivery-receipts`` and ``POST /notify/received-texts``."""
    routes: Dict[str, Tuple[Callable[[bytes], Any], Callable[[Any], Awaitable[None]]]] = {
        "/notify/delivery-receipts": (parse_delivery_receipt, on_delivery_receipt),
        "/notify/received-texts": (parse_received_text, on_received_text),
    }

    async def reply(send: Send, status: int, text: str = "") -> None:
        body = text.encode()
        headers = [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def read_body(receive: Receive) -> Optional[bytes]:
        chunks: List[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        route = routes.get(scope["path"])
        if route is None:
            return await reply(send, 404)
        if scope["method"] != "POST":
            return await reply(send, 405)
        parse, handle = route
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            check_bearer_token(headers.get("authorization"), token)
        except CallbackAuthError:
            return await reply(send, 401)
        body = await read_body(receive)
        if body is None:
            return await reply(send, 413)
        try:
            payload = parse(body)
        except InvalidCallbackError as e:
            return await reply(send, 400, str(e))
        await handle(payload)
        await reply(send, 200)

    return app


def main() -> None:
    import uvicorn

    token = os.environ["NOTIFY_CALLBACK_TOKEN"]
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000

    def show(kind: str) -> Callable[[Any], Awaitable[None]]:
        async def handle(payload: Any) -> None:
            print(json.dumps({"kind": kind, **payload.to_dict()}), flush=True)

        return handle

    app = make_app(token, show("delivery_receipt"), show("received_text"))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)  # connections queue from now on, before uvicorn starts accepting
    print(f"listening on http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    asyncio.run(server.serve(sockets=[sock]))


if __name__ == "__main__":
    main()
