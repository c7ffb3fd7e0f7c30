"""Schemathesis hooks for .ci/schemathesis: sign partner API requests as a school does.

The signature (docs/partner-api.md) covers the exact bytes sent, so it is computed by a
`requests` auth object at the moment the request is prepared, after schemathesis has serialized
the body: HMAC-SHA256 with the school's secret over METHOD, PATH_WITH_QUERY, TIMESTAMP, NONCE
and the body's SHA-256, with a fresh nonce every time.
"""
import hashlib
import hmac
import os
import secrets
import time

import requests
import schemathesis
from schemathesis.core.parameters import ParameterLocation

INSTITUTION = os.environ.get("JXJY_FUZZ_INSTITUTION", "")
SECRET = os.environ.get("JXJY_FUZZ_SECRET", "").encode()


class PartnerSignature(requests.auth.AuthBase):
    def __call__(self, r):
        body = r.body or b""
        if isinstance(body, str):
            body = body.encode()
        ts = str(int(time.time()))
        nonce = secrets.token_hex(12)
        canonical = "\n".join([r.method, r.path_url, ts, nonce, hashlib.sha256(body).hexdigest()])
        r.headers["X-Institution-Id"] = INSTITUTION
        r.headers["X-Timestamp"] = ts
        r.headers["X-Nonce"] = nonce
        r.headers["X-Signature"] = hmac.new(SECRET, canonical.encode(), hashlib.sha256).hexdigest()
        return r


@schemathesis.hook
def before_call(context, case, kwargs):
    if not INSTITUTION or not case.path.startswith("/api/v1/partner/"):
        return
    # A case whose headers were made wrong on purpose (a required header left out) goes unsigned,
    # so that the server's refusal of it is what gets checked.
    meta = getattr(case, "meta", None)
    if meta is not None and meta.is_negative_at(ParameterLocation.HEADER):
        return
    kwargs["auth"] = PartnerSignature()
