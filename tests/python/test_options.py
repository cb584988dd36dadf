"""The cross-language table of bad client options (tests/options/cases.json): each gives the same
error kind in every language, naming the option as Python spells it. The rules are the core's
(`govuk_notify::options`); the same table runs for Rust, the C ABI and Node."""

from __future__ import annotations

import json
import pathlib

import pytest

from govuk_notify import AsyncNotificationsAPIClient, NotificationsAPIClient, RetryPolicy
from govuk_notify import errors as E

KEY = "k-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
TABLE = pathlib.Path(__file__).resolve().parents[1] / "options" / "cases.json"
CASES = json.loads(TABLE.read_text())["cases"]


def make(cls, options):
    kwargs = dict(options)
    if "retry_policy" in kwargs:
        kwargs["retry_policy"] = RetryPolicy(**kwargs["retry_policy"])
    return cls(KEY, **kwargs)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
@pytest.mark.parametrize("cls", [NotificationsAPIClient, AsyncNotificationsAPIClient])
def test_bad_options_give_the_tables_error(cls, case):
    with pytest.raises(E.NotifyError) as info:
        make(cls, case["python"])
    assert isinstance(info.value, E.ArgumentError), case["name"]
    assert info.value.kind == case["kind"], case["name"]
    assert info.value.field == case["field"]["python"], case["name"]


def test_the_table_is_not_empty_and_good_options_still_build():
    assert len(CASES) >= 10
    client = NotificationsAPIClient(
        KEY,
        timeout=0.5,
        connect_timeout=0.25,
        max_response_bytes=2**70,
        retry_policy=RetryPolicy(max_retries=0, initial_backoff=0, backoff_multiplier=1),
    )
    assert client.retry_policy.max_retries == 0
