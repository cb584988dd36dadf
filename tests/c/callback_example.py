"""examples/c/callback_receiver.c driven end to end by the simulator's callbacks (run by
tests/c/run.sh, standard library only).

    python3 tests/c/callback_example.py RECEIVER SEND_SMS

RECEIVER and SEND_SMS are the compiled examples/c/callback_receiver.c and examples/c/send_sms.c;
the simulator comes from the GN_* variables of scripts/lib/simulator.sh. Messages sent with the C
client come back to the receiver as verified, parsed delivery receipts with the same id and status,
a received text likewise, and a wrong token or a bad body is refused. Prints "ok - ..." lines and
exits non-zero on the first failure.
"""

import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

TOKEN = "cb-token-0123456789abcdef"
CONTROL = os.environ["GN_CONTROL_URL"]


def control(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(CONTROL + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        text = resp.read().decode()
    return json.loads(text) if text else None


def post(url, body, authorization):
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    req = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code


def check(condition, what):
    if not condition:
        print(f"not ok - {what}")
        sys.exit(1)
    print(f"ok - {what}")


def main():
    receiver_bin, send_sms_bin = sys.argv[1], sys.argv[2]
    receiver = subprocess.Popen(
        [receiver_bin, "0"], stdout=subprocess.PIPE, text=True, env={**os.environ, "NOTIFY_CALLBACK_TOKEN": TOKEN}
    )
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in receiver.stdout], daemon=True).start()

    def next_line():
        try:
            return lines.get(timeout=30)
        except queue.Empty:
            check(False, "the receiver printed a line within 30 s")

    def next_callback():
        kind, _, payload = next_line().partition(" ")
        return kind, json.loads(payload)

    try:
        first = next_line()
        check(first.startswith("listening on http://127.0.0.1:"), f"the receiver listens ({first})")
        url = first.split("listening on ", 1)[1]
        control(
            "POST",
            "/callbacks",
            {"url": f"{url}/notify/delivery-receipts", "token": TOKEN, "inbound_url": f"{url}/notify/received-texts"},
        )
        # With a test key, 07700900002 ends in permanent-failure and other numbers in delivered.
        env = {**os.environ, "NOTIFY_API_KEY": os.environ["GN_KEY_TEST"], "NOTIFY_BASE_URL": os.environ["GN_BASE_URL"]}
        sent = {}
        for number, status in (("07700900002", "permanent-failure"), ("07700900123", "delivered")):
            out = subprocess.run(
                [send_sms_bin, number, os.environ["GN_TPL_SMS"], "Ada"], env=env, capture_output=True, text=True, timeout=60
            ).stdout
            found = re.search(r'"id"\s*:\s*"([0-9a-f-]{36})"', out)
            check(found is not None, f"examples/c/send_sms sent to {number}")
            sent[found.group(1)] = status
        for _ in range(2):
            kind, receipt = next_callback()
            check(
                kind == "delivery_receipt" and sent.pop(receipt["id"], None) == receipt["status"],
                f"the receiver got the receipt of {receipt['id']} ({receipt['status']})",
            )
        created = control("POST", "/received-texts", [{"user_number": "447700900111", "content": "Hi from a phone"}])
        kind, text = next_callback()
        check(
            kind == "received_text"
            and text["id"] == created["received_text_messages"][0]["id"]
            and text["message"] == "Hi from a phone",
            "the receiver got the received text",
        )
        receipt_body = json.dumps(receipt)
        check(post(f"{url}/notify/delivery-receipts", receipt_body, "Bearer not-the-token") == 401, "a wrong token gets 401")
        check(post(f"{url}/notify/delivery-receipts", receipt_body, None) == 401, "no Authorization header gets 401")
        check(post(f"{url}/notify/delivery-receipts", "{}", f"Bearer {TOKEN}") == 400, "a bad body gets 400")
        # The simulator configured with another token: its callback is refused and not retried.
        control("POST", "/callbacks", {"url": f"{url}/notify/delivery-receipts", "token": "not-the-token"})
        out = subprocess.run(
            [send_sms_bin, "07700900123", os.environ["GN_TPL_SMS"], "Ada"], env=env, capture_output=True, text=True, timeout=60
        ).stdout
        notification_id = re.search(r'"id"\s*:\s*"([0-9a-f-]{36})"', out).group(1)
        record = None
        deadline = time.monotonic() + 30
        while record is None and time.monotonic() < deadline:
            record = next((r for r in control("GET", "/callbacks/log") if r["payload"].get("id") == notification_id and r["finished"]), None)
            time.sleep(0.05)
        check(
            record is not None and (record["last_status"], record["delivered"], record["attempts"]) == (401, False, 1),
            "the simulator's callback with the wrong token was refused with 401",
        )
        check(lines.empty(), "the receiver accepted nothing with a wrong token or a bad body")
    finally:
        control("POST", "/callbacks", {})
        receiver.terminate()
        receiver.wait(timeout=10)


if __name__ == "__main__":
    main()
