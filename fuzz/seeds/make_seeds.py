#!/usr/bin/env python3
"""Writes the committed seed corpora under fuzz/seeds/<target>/.

Request seeds are valid and near-valid JSON for every operation; response seeds are real bodies
from the simulator (success and error) framed as the `responses` target expects; key and callback
seeds cover the documented shapes. Run once with a simulator's first stdout line on stdin:

    target/debug/govuk-notify-simulator --port 0 --json | head -n1 | python3 fuzz/seeds/make_seeds.py
"""
import base64, hashlib, hmac, json, os, sys, time, urllib.error, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sim = json.loads(sys.stdin.readline())
BASE, KEY = sim["base_url"], sim["keys"]["test"]
T = sim["templates"]
SID, SECRET = KEY[-73:-37], KEY[-36:]
NID0 = "8fef167e-9229-481d-97bb-59e41a2dbc60"


def write(target, name, data):
    os.makedirs(os.path.join(HERE, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(HERE, target, name), "wb") as f:
        f.write(data)


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def token():
    head = b64url(b'{"alg":"HS256","typ":"JWT"}')
    claims = b64url(json.dumps({"iss": SID, "iat": int(time.time())}, separators=(",", ":")).encode())
    sig = hmac.new(SECRET.encode(), f"{head}.{claims}".encode(), hashlib.sha256).digest()
    return f"{head}.{claims}.{b64url(sig)}"


def call(method, path, body=None, auth=True):
    req = urllib.request.Request(BASE + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if auth:
        req.add_header("Authorization", "Bearer " + token())
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, list(r.headers.items()), r.read()
    except urllib.error.HTTPError as e:
        return e.code, list(e.headers.items()), e.read()


# ---- requests (also the c_abi target's seeds) -----------------------------------------------------
letter_p = {"address_line_1": "A Person", "address_line_2": "1 Street", "address_line_3": "SW1A 1AA", "name": "x"}
requests = {
    "send_sms": {"phone_number": "07700900123", "template_id": T["sms"], "personalisation": {"name": "Amala"},
                 "reference": "ref", "sms_sender_id": sim["sms_sender_id"]},
    "send_email": {"email_address": "a@example.com", "template_id": T["email"], "personalisation": {"name": "A", "n": 1.5, "l": ["a", 2]},
                   "reference": "r", "email_reply_to_id": sim["email_reply_to_id"],
                   "one_click_unsubscribe_url": "https://example.com/u", "sanitise_content_for": ["name"]},
    "send_email_file": {"email_address": "a@example.com", "template_id": T["email_file"],
                        "personalisation": {"link_to_file": {"file": "aGVsbG8=", "filename": "a.csv",
                                                             "confirm_email_before_download": True, "retention_period": "4 weeks"}}},
    "send_letter": {"template_id": T["letter"], "personalisation": letter_p, "reference": "r"},
    "send_precompiled": {"reference": "r", "content": base64.b64encode(b"%PDF-1.4\n%%EOF").decode(), "postage": "first"},
    "get_notification": {"notification_id": NID0},
    "list_notifications": {"template_type": "sms", "status": ["delivered", "failed"], "reference": "r",
                           "older_than": NID0, "include_jobs": True},
    "list_notifications_one_status": {"status": "sending"},
    "get_template": {"template_id": T["sms"]},
    "get_template_version": {"template_id": T["sms_versioned"], "version": 2},
    "list_templates": {"template_type": "letter"},
    "preview_template": {"template_id": T["email"], "personalisation": {"name": "x"}},
    "received_texts": {"older_than": NID0},
    "upload_options": {"filename": "report.csv", "confirm_email_before_download": False, "retention_period": "1 week"},
    "empty_object": {},
}
for name, body in requests.items():
    text = json.dumps(body)
    write("requests", name + ".json", text)
    write("c_abi", name + ".json", text)
for name, raw in {
    "nested_arrays": "[" * 200 + "]" * 200,
    "nested_personalisation": '{"template_id":"%s","phone_number":"1","personalisation":{"a":%s1%s}}' % (T["sms"], "[" * 126, "]" * 126),
    "invalid_utf8": b'{"phone_number":"\xff\xfe","template_id":"x"}',
    "unknown_field": '{"notification_id":"%s","extra":1}' % NID0,
    "urn_uuid": '{"notification_id":"urn:uuid:%s"}' % NID0,
    "braced_uuid": '{"template_id":"{%s}","version":1}' % T["sms"],
    "escapes": '{"reference":"\\u0000\\ud800","content":"  aGk= "}',
}.items():
    write("requests", name, raw)
    write("c_abi", name, raw)

# ---- responses: status (2 bytes BE), header-count byte, "name:value\n" lines, body ---------------
def frame(status, headers, body):
    hs = [(k, v) for k, v in headers if k.lower() in ("retry-after", "content-type", "date")][:3]
    return status.to_bytes(2, "big") + bytes([len(hs)]) + b"".join(f"{k}:{v}\n".encode() for k, v in hs) + body

sent = {}
for name, (m, path, body) in {
    "sms": ("POST", "/v2/notifications/sms", requests["send_sms"]),
    "email": ("POST", "/v2/notifications/email", requests["send_email"]),
    "letter": ("POST", "/v2/notifications/letter", requests["send_letter"]),
    "precompiled": ("POST", "/v2/notifications/letter", requests["send_precompiled"]),
    "template": ("GET", f"/v2/template/{T['sms']}", None),
    "template_version": ("GET", f"/v2/template/{T['sms_versioned']}/version/1", None),
    "templates": ("GET", "/v2/templates", None),
    "preview": ("POST", f"/v2/template/{T['email']}/preview", {"personalisation": {"name": "x"}}),
    "validation_error": ("POST", "/v2/notifications/sms", {"phone_number": "1", "template_id": T["sms"]}),
    "not_found": ("GET", f"/v2/notifications/{NID0}", None),
    "not_found_template": ("GET", f"/v2/template/{NID0}", None),
}.items():
    status, headers, resp = call(m, path, body)
    sent[name] = resp
    write("responses", name, frame(status, headers, resp))
note_id = json.loads(sent["sms"])["id"]
urllib.request.urlopen(urllib.request.Request(sim["control_url"] + "/received-texts", method="POST",
                                              data=b'{"count": 2}', headers={"Content-Type": "application/json"}))
for name, path in {"notification": f"/v2/notifications/{note_id}", "notifications": "/v2/notifications",
                   "received_texts": "/v2/received-text-messages"}.items():
    status, headers, resp = call("GET", path)
    write("responses", name, frame(status, headers, resp))
status, headers, resp = call("GET", "/v2/notifications", auth=False)
write("responses", "auth_error", frame(status, headers, resp))
for name, (status, headers, body) in {
    "rate_limit": (429, [("retry-after", "7")], b'{"status_code":429,"errors":[{"error":"RateLimitError","message":"Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"}]}'),
    "daily_limit": (429, [("Retry-After", "Wed, 21 Oct 2037 07:28:00 GMT")], b'{"status_code":429,"errors":[{"error":"TooManyRequestsError","message":"Exceeded send limits (1000) for today"}]}'),
    "legacy": (404, [], b'{"result":"error","message":"The requested URL was not found on the server."}'),
    "legacy_object": (401, [], b'{"result":"error","message":{"token":["Invalid token: signature"]}}'),
    "html_502": (502, [("content-type", "text/html")], b"<html><body><h1>502 Bad Gateway</h1></body></html>"),
    "empty_503": (503, [], b""),
    "string_errors": (400, [], b'{"errors":"Not found"}'),
    "pdf_not_ready": (400, [], b'{"status_code":400,"errors":[{"error":"PDFNotReadyError","message":"PDF not available yet, try again later"}]}'),
    "extra_keys": (400, [], b'{"status_code":400,"errors":[{"error":"ValidationError","message":"qr","data":"x","num_bytes":600}]}'),
    "odd_items": (500, [], b'{"errors":[1,null,{"error":5,"message":["a"]},{}]}'),
}.items():
    write("responses", name, frame(status, headers, body))

# ---- api_key -------------------------------------------------------------------------------------
for name, k in {
    "valid": KEY, "two_uuids": f"{SID}-{SECRET}", "unicode_name": f"ключ🔑-{SID}-{SECRET}",
    "trailing_newline": KEY + "\n", "colon_separator": f"n:{SID}:{SECRET}", "short": SECRET,
    "bad_secret": KEY[:-1] + "z", "multibyte_boundary": f"x-{SID}é{SECRET[1:]}", "empty": "",
}.items():
    write("api_key", name, k)

# ---- callbacks -----------------------------------------------------------------------------------
write("callbacks", "delivery_receipt", json.dumps({
    "id": NID0, "reference": None, "to": "07700900123", "status": "delivered",
    "created_at": "2017-05-14T12:15:30.000000Z", "completed_at": "2017-05-14T12:15:30.000000Z",
    "sent_at": "2017-05-14T12:15:30.000000Z", "notification_type": "sms",
    "template_id": T["sms"], "template_version": 1}))
write("callbacks", "received_text", json.dumps({
    "id": NID0, "source_number": "447700912345", "destination_number": "447700900111",
    "message": "Hello", "date_received": "2017-05-14T12:15:30.000000Z"}))
write("callbacks", "bearer", b"Bearer s3cret-token\x00s3cret-token")
write("callbacks", "bearer_case", b"  bEaReR   s3cret \x00s3cret")
write("callbacks", "bearer_unicode", "Beareré tok\x00tok".encode())
print("seeds written under", HERE)
