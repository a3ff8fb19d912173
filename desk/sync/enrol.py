"""Enrolment: exchange HQ's one-time token for the registration of this counter's
own Ed25519 public key."""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desk.app import Counter
from desk.errors import Refused
from desk.sync import credentials, wire
from desk.sync.transport import HQClient, check_url


def enrol(counter: Counter, server: str, token: str) -> dict[str, Any]:
    server = check_url(server)
    key = Ed25519PrivateKey.generate()
    cfg = counter.config
    body: wire.EnrolRequest = {
        "token": token.strip(),
        "public_key": credentials.public_hex(key),
        "prefecture": cfg.prefecture,
        "counter": cfg.counter,
        "site": cfg.site,
        "proof": key.sign(token.strip().encode()).hex(),
    }
    ca = cfg.extra.get("hq_ca_file")
    with HQClient(server, None, None, ca_file=ca, retries=2) as hq:
        _, answer = hq.call("POST", f"{wire.API}/enrol", payload=body)
    if answer.get("prefecture") != cfg.prefecture or answer.get("counter") != cfg.counter:
        raise Refused("enrolment_mismatch", "HQ enrolled another counter than this one")
    # the key is kept only once HQ registered it: a bad token leaves a previous
    # enrolment working
    counter.home.keys.mkdir(parents=True, exist_ok=True, mode=0o700)
    credentials.save_key(counter.home.keys, key)
    enrolment = credentials.Enrolment(
        server, int(answer["counter_id"]), cfg.prefecture, cfg.counter
    )
    credentials.save_enrolment(counter.home.keys, enrolment)
    cfg.hq_url = server
    cfg.save(counter.home.config)
    return {
        "server": server,
        "counter_id": enrolment.counter_id,
        "prefecture": enrolment.prefecture,
        "counter": enrolment.counter,
        "public_key": body["public_key"],
    }
