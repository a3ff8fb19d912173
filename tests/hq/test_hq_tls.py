"""TLS between counter and HQ (issue 7 item 2): ``hq serve`` speaks HTTPS with the
préfecture's certificate, the counter trusts the CA named by ``hq_ca_file``, and
plain HTTP is served only on loopback or behind a TLS-terminating proxy."""

from __future__ import annotations

import datetime as dt
import ipaddress
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from hq_servers import ROOT, HQProcess, hq_command, issue_token, make_counter, seed_small

from desk.doctor import Status, run_checks
from desk.errors import InvalidInput
from desk.messages import describe
from desk.sync import client, credentials
from desk.sync.enrol import enrol
from desk.sync.transport import HQUntrusted

pytestmark = pytest.mark.postgres


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _pki(folder: Path) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for 127.0.0.1 / localhost signed by it."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("AC de test Guichet"))
        .issuer_name(_name("AC de test Guichet"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("hq.test"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([x509.OID_SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = folder / "hq.pem", folder / "hq.key", folder / "ca.pem"
    paths[0].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    paths[2].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return paths


def test_counter_syncs_over_https_trusting_the_configured_ca(hq_db: str, tmp_path: Path) -> None:
    tls = _pki(tmp_path)
    server = HQProcess(hq_db, tmp_path / "hq-blobs", tls=tls).start()
    try:
        assert server.url.startswith("https://")
        counter = make_counter(tmp_path / "counter", "75", 41)
        try:
            counter.config.extra["hq_ca_file"] = str(tls[2])
            enrol(counter, server.url, issue_token(hq_db, "75", 41))
            seed_small(counter, dossiers=1, pages=1)
            report = client.run(counter)
            assert report.errors == []
            assert report.pending == 0
            assert report.acknowledged == report.uploaded > 0
            # desk doctor trusts the same CA (enrol saved hq_url and hq_ca_file)
            found = {f.check: f for f in run_checks(counter.home.root)}
            assert (found["hq"].status, found["hq"].code) == (Status.OK, "hq_ok")
        finally:
            counter.close()

        # a counter that does not trust the préfecture's CA refuses at once (no retries)
        stranger = make_counter(tmp_path / "stranger", "75", 42)
        try:
            with pytest.raises(HQUntrusted) as refused:
                enrol(stranger, server.url, issue_token(hq_db, "75", 42))
            assert "certificat du serveur national n'est pas reconnu" in describe(refused.value)
            assert not (stranger.home.keys / credentials.ENROLMENT_FILE).exists()
            stranger.config.extra["hq_ca_file"] = str(tmp_path / "nowhere.pem")
            with pytest.raises(InvalidInput) as missing:
                enrol(stranger, server.url, issue_token(hq_db, "75", 42))
            assert missing.value.params["field"] == "hq_ca_file"
        finally:
            stranger.close()
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--host", "0.0.0.0"], "refusing plain HTTP on 0.0.0.0"),
        (["--tls-cert", "missing.pem"], "--tls-cert and --tls-key go together"),
        (["--tls-cert", "missing.pem", "--tls-key", "missing.key"], "missing.pem: no such file"),
    ],
)
def test_serve_refuses_an_unsafe_or_incomplete_tls_setup(
    hq_db: str, tmp_path: Path, args: list[str], message: str
) -> None:
    done = subprocess.run(
        hq_command("serve", "--db", hq_db, "--blobs", str(tmp_path / "b"), *args),
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
