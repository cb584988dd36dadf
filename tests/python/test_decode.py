"""The response decoder (src/decode.rs) against json.loads on generated documents.

The decoder shares objects between values: dict keys, templates for objects with the same keys,
and string values per key of a template (compared with that key's previous value and with the last
string made, hashed only while that key's values repeat). These documents mix repeated and varied
shapes, nested objects of the same shape as their parent, the same strings under different keys,
long and non-ASCII strings, and duplicate keys, so every path of that sharing is taken; each result
must equal json.loads' with the same types and the same key order.
"""

import json
import random

from govuk_notify import _native

KEYS = ["id", "status", "created_at", "sent_at", "completed_at", "type", "body", "x" * 70,
        "\u00e9", "k\\n", "dup", "template"]
STRINGS = ["", "sms", "delivered", "x" * 64, "y" * 65, "z" * 200, "2026-12-03T13:08:48.423021Z",
           "\u00e9\U0001F600", 'a"b', "back\\slash", "\u20ac" * 30]


def _same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _string(rng):
    if rng.random() < 0.6:
        return rng.choice(STRINGS)
    return "".join(rng.choice("abc0123-") for _ in range(rng.choice([1, 5, 36, 64, 65, 100])))


def _value(rng, shapes, depth):
    r = rng.random()
    if depth > 2 or r < 0.7:
        return rng.choice([
            lambda: _string(rng), lambda: rng.randint(-(2**63), 2**64 - 1),
            lambda: rng.random() * 1e5, lambda: None, lambda: True, lambda: False,
        ])()
    if r < 0.78:
        return [_value(rng, shapes, depth + 1) for _ in range(rng.randint(0, 6))]
    keys = rng.choice(shapes)
    # Pairs, not a dict: a shape may repeat a key (json.loads keeps its first position, last value).
    return [(k, _value(rng, shapes, depth + 1)) for k in keys]


def _encode(v):
    if isinstance(v, list) and v and all(isinstance(p, tuple) for p in v):
        return "{" + ",".join(json.dumps(k) + ":" + _encode(x) for k, x in v) + "}"
    if isinstance(v, list):
        return "[" + ",".join(_encode(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


def test_generated_documents_decode_as_json_loads_does():
    rng = random.Random(20261203)
    shapes = []
    for _ in range(6):
        n = rng.choice([1, 3, 8, 9, 12, 27])
        shapes.append([KEYS[(i * 5 + rng.choice([0, 0, 0, 1])) % len(KEYS)] for i in range(n)])
    shapes.append(["dup", "id", "dup", "status", "dup", "type", "body", "sent_at", "dup"])
    for _ in range(400):
        doc = _encode([_value(rng, shapes, 0) for _ in range(rng.randint(1, 20))])
        body = doc.encode()
        got, want = _native._decode_json(body), json.loads(body)
        assert _same(got, want), doc[:300]


def test_a_page_of_same_shaped_items_with_repeating_and_unique_values():
    # 300 items of one shape: per key, values that always repeat, never repeat, alternate, or
    # repeat the previous key's value (as sent_at repeats created_at), so a key stops and keeps
    # sharing as its values go; and an item nested in each item, of the same shape.
    items = []
    for i in range(300):
        item = {
            "id": f"id-{i}",
            "status": "delivered" if i % 3 else "sending",
            "created_at": f"2026-12-03T13:{i // 60:02d}:{i % 60:02d}Z",
            "type": "sms",
            "body": "same body " * 10 if i < 150 else f"body {i}",
            "dup": "x" * 65,
            "sent_at": None,
            "template": None,
            "completed_at": "",
        }
        item["sent_at"] = item["created_at"] if i % 2 else f"other-{i}"
        item["completed_at"] = item["sent_at"]
        item["template"] = dict(item, template=None, id=f"inner-{i}")
        items.append(item)
    body = json.dumps({"notifications": items, "links": {}}).encode()
    got = _native._decode_json(body)
    assert _same(got, json.loads(body))
    # Shared values are the same str object within a response, as json.loads' would be equal.
    assert got["notifications"][1]["type"] is got["notifications"][2]["type"]
