"""narrate.webhooks as `narrate serve` and `narrate follow` use it: signed as Standard Webhooks
sign (checked against the specification's published example), delivered to a real receiver on
127.0.0.1 with retries and backoff, and never sent to a private address, however it is written
or whatever its name answers by the time of delivery."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.webhooks import (
    DeliveryPolicy,
    WebhookError,
    check_callback_url,
    deliver,
    parse_secret,
    sign,
    verify,
)
from tests.readers.fake_internet import PUBLIC_V4, FakeInternet
from tests.webhook_receiver import Receiver, new_secret

KEY = parse_secret(new_secret())
FAST = DeliveryPolicy(attempts=4, first_wait_s=0.01, max_wait_s=0.05, timeout_s=5,
                      public_only=False)  # fmt: skip
PAYLOAD = json.dumps({"id": "0123456789ab", "status": "done", "title": "Clinic — hours"},
                     ensure_ascii=False).encode()  # fmt: skip


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.stop()


def test_the_signature_is_the_one_the_standard_webhooks_specification_publishes():
    key = parse_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    body = b'{"test": 2432232314}'
    signature = sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


@pytest.mark.parametrize(
    ("secret", "said"),
    [
        ("swordfish-swordfish-swordfish", "starts with whsec_"),
        ("whsec_not base64!", "not base64"),
        ("whsec_" + base64.b64encode(b"short").decode(), "5 bytes; give 24 to 64"),
        ("whsec_" + base64.b64encode(bytes(65)).decode(), "65 bytes"),
    ],
)
def test_a_secret_that_is_not_a_standard_webhooks_secret_is_refused_saying_why(secret, said):
    with pytest.raises(ValueError, match=said):
        parse_secret(secret)


def test_a_webhook_arrives_signed_over_its_exact_body_and_a_receiver_can_verify_it(receiver):
    result = deliver(f"{receiver.url}/hook", PAYLOAD, KEY, FAST)
    assert result.delivered and result.attempts == 1 and result.status == 200
    (got,) = receiver.posts("/hook")
    assert got.body == PAYLOAD
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["webhook-id"] == result.message_id
    assert abs(int(got.headers["webhook-timestamp"]) - time.time()) < 60
    verify(KEY, got.headers, got.body)  # what a receiver does; and by hand, as docs/cms.md does:
    signed = f"{got.headers['webhook-id']}.{got.headers['webhook-timestamp']}.".encode() + got.body
    mac = base64.b64encode(hmac.new(KEY, signed, hashlib.sha256).digest()).decode()
    assert got.headers["webhook-signature"] == f"v1,{mac}"
    with pytest.raises(WebhookError, match="does not match"):
        verify(KEY, got.headers, got.body + b" ")
    with pytest.raises(WebhookError, match="does not match"):
        verify(parse_secret(new_secret()), got.headers, got.body)
    with pytest.raises(WebhookError, match="too old"):  # a replay an hour later
        verify(KEY, got.headers, got.body, now=time.time() + 3600)
    with pytest.raises(WebhookError, match="no webhook-id"):
        verify(KEY, {}, got.body)


def test_a_failing_receiver_is_tried_again_with_the_same_id_until_it_takes_the_webhook(receiver):
    receiver.answer("/hook", 503, 500, 429, 200)
    heard = []
    result = deliver(f"{receiver.url}/hook", PAYLOAD, KEY, FAST, on_attempt=heard.append)
    assert result.delivered and result.attempts == 4 and result.status == 200
    assert [r.status for r in heard] == [503, 500, 429, 200]
    posts = receiver.posts("/hook")
    assert len(posts) == 4 and {p.headers["webhook-id"] for p in posts} == {result.message_id}
    for post in posts:
        verify(KEY, post.headers, post.body)


def test_retries_stop_after_the_policy_s_attempts_saying_why(receiver):
    receiver.answer("/hook", 502)
    result = deliver(f"{receiver.url}/hook", PAYLOAD, KEY, FAST)
    assert not result.delivered and result.attempts == FAST.attempts
    assert result.status == 502 and result.error == "HTTP 502 Bad Gateway"


@pytest.mark.parametrize("status", [400, 401, 404, 410])
def test_a_receiver_that_refuses_is_not_asked_again(receiver, status):
    receiver.answer("/hook", status)
    result = deliver(f"{receiver.url}/hook", PAYLOAD, KEY, FAST)
    assert not result.delivered and result.attempts == 1 and result.status == status
    assert len(receiver.posts()) == 1


def test_a_redirect_is_not_followed(receiver):
    receiver.answer("/hook", 307, location=f"{receiver.url}/elsewhere")
    result = deliver(f"{receiver.url}/hook", PAYLOAD, KEY, FAST)
    assert not result.delivered and result.attempts == 1 and result.status == 307
    assert "redirects to" in result.error and "do not follow" in result.error
    assert receiver.posts("/elsewhere") == []


def test_a_slow_or_absent_receiver_is_tried_again_then_given_up(receiver):
    receiver.delay_s["/slow"] = 1.0
    policy = DeliveryPolicy(attempts=2, first_wait_s=0.01, timeout_s=0.2, public_only=False)
    slow = deliver(f"{receiver.url}/slow", PAYLOAD, KEY, policy)
    assert not slow.delivered and slow.attempts == 2 and slow.status is None
    assert slow.error == "no answer within 0.2 s"
    receiver.stop()  # nothing listens there now
    gone = deliver(f"{receiver.url}/hook", PAYLOAD, KEY, policy)
    assert gone.attempts == 2 and gone.error.startswith("cannot connect")


def test_a_stop_ends_the_wait_between_attempts(receiver):
    receiver.answer("/hook", 503)
    stop = threading.Event()
    policy = DeliveryPolicy(attempts=5, first_wait_s=600, public_only=False)
    result = deliver(f"{receiver.url}/hook", PAYLOAD, KEY, policy, stop=stop,
                     on_attempt=lambda _: stop.set())  # fmt: skip
    assert not result.delivered and result.attempts == 1 and result.status == 503


def test_only_public_receivers_by_default(receiver):
    result = deliver(f"{receiver.url}/hook", PAYLOAD, KEY, DeliveryPolicy(first_wait_s=0.01))
    assert not result.delivered and result.attempts == 1 and result.status is None
    assert "127.0.0.1 is a loopback address, not public" in result.error
    assert receiver.received == []


def test_a_name_that_turns_private_after_the_check_is_refused_at_delivery(receiver):
    internet = FakeInternet(
        names={"hooks.example": [[PUBLIC_V4]], "rebind.example": [[PUBLIC_V4], ["10.0.0.5"]]},
        routes={(PUBLIC_V4, 80): ("127.0.0.1", receiver.port)},
    )
    policy = DeliveryPolicy(attempts=3, first_wait_s=0.01)  # public addresses only
    with internet:
        assert check_callback_url("http://rebind.example/hook") == "http://rebind.example/hook"
        rebound = deliver("http://rebind.example/hook", PAYLOAD, KEY, policy)
        public = deliver("http://hooks.example/hook", PAYLOAD, KEY, policy)
    assert not rebound.delivered and rebound.attempts == 1
    assert "rebind.example resolves to 10.0.0.5" in rebound.error
    assert public.delivered and [p.headers["Host"] for p in receiver.posts()] == ["hooks.example"]
    assert internet.attempts == [(PUBLIC_V4, 80)]  # 10.0.0.5 was never connected to


PRIVATE_V4 = st.one_of(
    *(
        st.integers(int(net.network_address), int(net.broadcast_address)).map(
            ipaddress.IPv4Address
        )
        for net in map(
            ipaddress.IPv4Network,
            ["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
             "100.64.0.0/10", "0.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4"],
        )  # fmt: skip
    )
)


def _written(ip: ipaddress.IPv4Address, how: str) -> str:
    """`ip` as a URL host, written one of the ways URL parsers read as an IPv4 address."""
    octets, number = ip.packed, int(ip)
    return {
        "dotted": str(ip),
        "decimal": str(number),
        "hex": hex(number),
        "octal": "0" + oct(number)[2:],
        "hex-octets": ".".join(hex(o) for o in octets),
        "octal-octets": ".".join(f"0{o:o}" for o in octets),
        "short": f"{octets[0]}.{int.from_bytes(octets[1:], 'big')}",
        "mapped": f"[::ffff:{ip}]",
        "mapped-hex": f"[::ffff:{number >> 16:x}:{number & 0xFFFF:x}]",
        "nat64": f"[64:ff9b::{ip}]",
        "6to4": f"[2002:{number >> 16:x}:{number & 0xFFFF:x}::1]",
        "compat": f"[::{ip}]",
        "trailing-dot": f"{ip}.",
    }[how]


HOW = ["dotted", "decimal", "hex", "octal", "hex-octets", "octal-octets", "short", "mapped",
       "mapped-hex", "nat64", "6to4", "compat", "trailing-dot"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(PRIVATE_V4, st.sampled_from(HOW), st.sampled_from(["http", "https", "HTTP"]),
       st.sampled_from(["", ":80", ":8080", ":443"]))  # fmt: skip
def test_a_private_callback_address_is_refused_however_it_is_written(ip, how, scheme, port):
    url = f"{scheme}://{_written(ip, how)}{port}/hook"
    with FakeInternet() as internet, pytest.raises(WebhookError) as refused:  # no DNS, no wire
        check_callback_url(url)
    said = str(refused.value)
    assert said.startswith("callback_url refused: ") and "\n" not in said, said
    assert internet.attempts == []


@pytest.mark.parametrize(
    "url",
    ["http://[::1]/hook", "http://[::]/hook", "http://0.0.0.0/hook", "http://[fe80::1]/hook",
     "http://[fd00:ec2::254]/", "http://169.254.169.254/latest/meta-data/", "http://localhost/",
     "http://[fe80::1%25eth0]/", "ftp://hooks.example/", "hooks.example/hook",
     "http://user@hooks.example/", "http://127.0.0.1\\@hooks.example/"],
)  # fmt: skip
def test_other_callback_addresses_that_are_not_public_web_addresses_are_refused(url):
    with FakeInternet(names={"localhost": [["127.0.0.1"]]}), pytest.raises(WebhookError):
        check_callback_url(url)


def test_the_python_check_in_the_cms_recipe_accepts_a_real_webhook_and_nothing_else(receiver):
    docs = (Path(__file__).parents[1] / "docs" / "cms.md").read_text()
    snippet = docs.split("### Verify it in Python", 1)[1].split("```python\n", 1)[1]
    namespace: dict = {}
    exec(snippet.split("```", 1)[0], namespace)  # the recipe's code, as a reader copies it
    verified = namespace["verified"]
    secret = new_secret()
    deliver(f"{receiver.url}/hook", PAYLOAD, parse_secret(secret), FAST)
    (got,) = receiver.posts("/hook")
    assert verified(secret, got.headers, got.body)
    assert not verified(secret, got.headers, got.body.replace(b"done", b"dune"))
    assert not verified(new_secret(), got.headers, got.body)
    stale = {**got.headers, "webhook-timestamp": str(int(time.time()) - 600)}
    assert not verified(secret, stale, got.body)
