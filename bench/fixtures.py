#!/usr/bin/env python3
"""Writes what the benchmark servers serve and the clients send, into one folder.

Usage: fixtures.py DIR API_PORT IDP_PORT

- organization.json: the body of GET /v8/Organization (a VBO organization list, ~1.6 KB);
- assertion.json: a Microsoft token response as the device flow hands it out (the VBO
  assertion; JWT-sized tokens);
- access_token.txt: a VBO access token (the Bearer of every API call);
- token_form.txt: the exact form body the library sends to POST /v8/token for that assertion
  (for curl and Python, so that every client sends the same bytes);
- nginx.conf: two TLS servers on 127.0.0.1: API_PORT answers like VBO (/v8/Organization as a
  static file, /v8/token), IDP_PORT like Microsoft's device-code endpoints (a unique device
  code per flow, `authorization_pending` until a file named after the tenant appears in
  DIR/approved/, then a token response; tenant `i{N}-...` gets an interval of N s). The IdP server logs `$msec $uri $status` per request,
  so that the run can count requests per flow (the tenant is in the path).

Tokens are random but fixed per run (seeded), shaped like the real ones (three base64url
parts), so that sizes match what a real server exchanges.
"""
import base64
import json
import os
import random
import sys
import urllib.parse


def b64url(rng, n_bytes):
    raw = bytes(rng.getrandbits(8) for _ in range(n_bytes))
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def jwt(rng, claims_bytes):
    """A JWT-shaped string: header.claims.signature (RS256-sized signature)."""
    return ".".join([b64url(rng, 60), b64url(rng, claims_bytes), b64url(rng, 256)])


def main():
    out, api_port, idp_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(8628)
    os.makedirs(os.path.join(out, "approved"), exist_ok=True)

    microsoft_token = {
        "token_type": "Bearer",
        "scope": "https://graph.microsoft.com/Directory.AccessAsUser.All https://graph.microsoft.com/User.ReadWrite.All",
        "expires_in": 4766,
        "ext_expires_in": 4766,
        "access_token": jwt(rng, 1500),
        "refresh_token": "1.AU4A" + b64url(rng, 1050),
        "id_token": jwt(rng, 900),
    }
    vbo_token = {
        "access_token": jwt(rng, 700),
        "token_type": "bearer",
        "refresh_token": b64url(rng, 700),
        "expires_in": 3600,
        "userName": "admin@contoso.onmicrosoft.com",
        ".issued": "Tue, 01 Dec 2026 10:00:00 GMT",
        ".expires": "Tue, 01 Dec 2026 11:00:00 GMT",
    }
    organizations = [
        {
            "id": f"{i:08x}-6b1e-4c6a-9b7a-0f3c2d1e{i:04x}",
            "name": f"tenant{i}.onmicrosoft.com",
            "officeName": f"tenant{i}.onmicrosoft.com",
            "type": "Office365",
            "region": "Worldwide",
            "isExchangeOnline": True,
            "isSharePointOnline": True,
            "isTeamsOnline": True,
            "isBackedUp": True,
            "_links": {"self": {"href": f"/v8/Organizations/{i:08x}"}},
        }
        for i in range(4)
    ]
    pending = {
        "error": "authorization_pending",
        "error_description": "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending. Continue polling. Trace ID: 0b5a1c7e-2f4d-4e0b-9b1a-3c6d7e8f9a0b Correlation ID: 5c2e9d1a-7b3f-4a6e-8d0c-1f2a3b4c5d6e Timestamp: 2026-12-01 10:00:00Z",
        "error_codes": [70016],
        "timestamp": "2026-12-01 10:00:00Z",
        "trace_id": "0b5a1c7e-2f4d-4e0b-9b1a-3c6d7e8f9a0b",
        "correlation_id": "5c2e9d1a-7b3f-4a6e-8d0c-1f2a3b4c5d6e",
        "error_uri": "https://login.microsoftonline.com/error?code=70016",
    }
    # The device code is unique per flow ($request_id, nginx's 32 hex digits per request) and
    # as long as Microsoft's.
    device_code = {
        "user_code": "ABCD1234",
        "device_code": "DAQABIQEAAABVrSpeuWamRam2jAF1XRQE" + "$request_id" * 3,
        "verification_uri": "https://microsoft.com/devicelogin",
        "expires_in": 900,
        "interval": "@INTERVAL@",
        "message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ABCD1234 to authenticate.",
    }

    assertion = json.dumps(microsoft_token, separators=(",", ":"))
    form = urllib.parse.urlencode(
        [
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ("client_id", "contoso.onmicrosoft.com"),
            ("assertion", assertion),
            ("disable_antiforgery_token", "true"),
        ],
        quote_via=urllib.parse.quote,
        safe="",
    )

    def write(name, text):
        with open(os.path.join(out, name), "w") as f:
            f.write(text)

    def nginx_text(value):
        text = json.dumps(value, separators=(",", ":"))
        assert "'" not in text and "\\" not in text, "nginx string would need escapes"
        return text

    def nginx_variables(name, value):
        """`set` lines holding the JSON text in parts (nginx caps a parameter at 4 KB) and
        the `$name0$name1...` text that joins them."""
        text = nginx_text(value)
        parts = [text[i:i + 3000] for i in range(0, len(text), 3000)]
        sets = "".join(f"        set ${name}{i} '{p}';\n" for i, p in enumerate(parts))
        return sets, "".join(f"${name}{i}" for i in range(len(parts)))

    write("organization.json", json.dumps(organizations, indent=2))
    write("assertion.json", assertion)
    write("access_token.txt", vbo_token["access_token"])
    write("token_form.txt", form)
    # The interval comes from the tenant's name: i5-anything polls every 5 s.
    devicecode_text = nginx_text(device_code).replace('"@INTERVAL@"', "$interval")
    template = open(os.path.join(os.path.dirname(__file__), "nginx.conf.template")).read()
    vbo_sets, vbo_text = nginx_variables("vbo", vbo_token)
    ms_sets, ms_text = nginx_variables("ms", microsoft_token)
    conf = (
        template.replace("@DIR@", out)
        .replace("@API_PORT@", str(api_port))
        .replace("@IDP_PORT@", str(idp_port))
        .replace("        @VBO_SETS@\n", vbo_sets)
        .replace("@VBO_TOKEN@", vbo_text)
        .replace("        @MS_SETS@\n", ms_sets)
        .replace("@MS_TOKEN@", ms_text)
        .replace("@PENDING@", nginx_text(pending))
        .replace("@DEVICE_CODE@", devicecode_text)
    )
    write("nginx.conf", conf)


if __name__ == "__main__":
    main()
