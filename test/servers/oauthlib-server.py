"""An OAuth 1.0a provider built on python3-oauthlib, for the tests of oauth1Auth and oauth1Login.

Started by test/servers/oauthlib-server.ts: `python3 oauthlib-server.py <config.json>`. It prints
`listening <port>` once it serves on 127.0.0.1 (a free port), then answers:

  POST /initiate    RequestTokenEndpoint (temporary credentials; oauth_callback required)
  GET  /authorize   AuthorizationEndpoint: approves at once and redirects to the callback
  POST /token       AccessTokenEndpoint (oauth_verifier required)
  POST /initiate-unconfirmed  as /initiate, without oauth_callback_confirmed (an OAuth 1.0 provider)
  GET  /deny        refuses: redirects to the callback with denied=<token>, as Twitter/X does
  *    /resource... ResourceEndpoint: 200 and a JSON echo when the signature is valid, else 401
  *    /redirect/<status>?to=URL          a redirect to URL, once this hop's signature is checked
  *    /repeat/<status>/<path>[?origin=]  a redirect to /resource/<path> with the query received, likewise

A body that is not a form must (but for PLAINTEXT) carry oauth_body_hash of its exact bytes (SHA-1 or, for
HMAC-SHA256, SHA-256): oauthlib does not check that parameter itself, so this app does. Every
nonce is accepted once only. Keys and tokens are 20 to 30 letters and digits (oauthlib's
default rule). The config file names the clients and tokens:

  {"clients": {"<key>": {"secret": "...", "rsaPublicKey": "PEM or null"}},
   "tokens": {"<token>": {"client": "<key>", "secret": "..."}}}
"""

import base64
import hashlib
import json
import logging
import os
import sys
import threading
from urllib.parse import urlencode

from flask import Flask, Response, request
from oauthlib.common import urldecode
from oauthlib.oauth1 import (
    AccessTokenEndpoint,
    AuthorizationEndpoint,
    RequestTokenEndpoint,
    RequestValidator,
    ResourceEndpoint,
)
from oauthlib.oauth1.rfc5849 import signature as oauth_signature
from werkzeug.serving import make_server

with open(sys.argv[1], encoding="utf-8") as config_file:
    CONFIG = json.load(config_file)

if os.environ.get("OAUTHLIB_DEBUG"):
    logging.basicConfig(level=logging.DEBUG)

LOCK = threading.Lock()
NONCES = set()
REQUEST_TOKENS = {}  # token -> {"client", "secret", "callback", "verifier"}
ACCESS_TOKENS = {key: dict(value) for key, value in CONFIG["tokens"].items()}


class Validator(RequestValidator):
    enforce_ssl = False

    @property
    def dummy_client(self):
        return "DummyClientKey000000000"

    @property
    def dummy_request_token(self):
        return "DummyRequestToken0000000"

    @property
    def dummy_access_token(self):
        return "DummyAccessToken00000000"

    def validate_client_key(self, client_key, request):
        return client_key in CONFIG["clients"]

    def get_client_secret(self, client_key, request):
        return CONFIG["clients"].get(client_key, {}).get("secret") or "dummy"

    def get_rsa_key(self, client_key, request):
        return CONFIG["clients"].get(client_key, {}).get("rsaPublicKey")

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None, access_token=None):
        with LOCK:
            if nonce in NONCES:
                return False
            NONCES.add(nonce)
            return True

    # Temporary credentials.
    def validate_requested_realms(self, client_key, realms, request):
        return True

    def get_default_realms(self, client_key, request):
        return []

    def validate_redirect_uri(self, client_key, redirect_uri, request):
        return redirect_uri.startswith("http://127.0.0.1:")

    def save_request_token(self, token, request):
        with LOCK:
            REQUEST_TOKENS[token["oauth_token"]] = {
                "client": request.client_key,
                "secret": token["oauth_token_secret"],
                "callback": request.redirect_uri,
                "verifier": None,
            }

    # Authorization.
    def verify_request_token(self, token, request):
        return token in REQUEST_TOKENS

    def get_realms(self, token, request):
        return []

    def get_redirect_uri(self, token, request):
        return REQUEST_TOKENS[token]["callback"]

    def save_verifier(self, token, verifier, request):
        REQUEST_TOKENS[token]["verifier"] = verifier["oauth_verifier"]

    # Token credentials.
    def validate_request_token(self, client_key, token, request):
        entry = REQUEST_TOKENS.get(token)
        return entry is not None and entry["client"] == client_key

    def get_request_token_secret(self, client_key, token, request):
        entry = REQUEST_TOKENS.get(token)
        return entry["secret"] if entry is not None else "dummy"

    def validate_verifier(self, client_key, token, verifier, request):
        entry = REQUEST_TOKENS.get(token)
        return entry is not None and entry["verifier"] is not None and entry["verifier"] == verifier

    def invalidate_request_token(self, client_key, request_token, request):
        REQUEST_TOKENS.pop(request_token, None)

    def save_access_token(self, token, request):
        with LOCK:
            ACCESS_TOKENS[token["oauth_token"]] = {"client": request.client_key, "secret": token["oauth_token_secret"]}

    # Protected resources.
    def validate_access_token(self, client_key, token, request):
        entry = ACCESS_TOKENS.get(token)
        return entry is not None and entry["client"] == client_key

    def get_access_token_secret(self, client_key, token, request):
        entry = ACCESS_TOKENS.get(token)
        return entry["secret"] if entry is not None else "dummy"

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True


validator = Validator()
request_token_endpoint = RequestTokenEndpoint(validator)
authorization_endpoint = AuthorizationEndpoint(validator)
access_token_endpoint = AccessTokenEndpoint(validator)
resource_endpoint = ResourceEndpoint(validator)
app = Flask(__name__)


def raw_uri():
    """The URI exactly as the client sent it (Flask's request.url re-encodes the query)."""
    target = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    return f"http://{request.host}{target}"


def is_form():
    return "application/x-www-form-urlencoded" in (request.headers.get("Content-Type") or "")


def answer(result):
    headers, body, status = result
    return Response(body, status=status, headers=headers)


def oauth_parameters():
    """The oauth_ parameters of the request, wherever they are."""
    params = signature_params()
    return {name: value for name, value in params if name.startswith("oauth_")}


def signature_params():
    headers = dict(request.headers)
    body = request.get_data(as_text=True) if is_form() else None
    query = raw_uri().partition("?")[2]
    return (
        oauth_signature.collect_parameters(headers=headers, exclude_oauth_signature=False)
        + (oauth_signature.collect_parameters(body=body, exclude_oauth_signature=False) if body else [])
        + oauth_signature.collect_parameters(uri_query=query, exclude_oauth_signature=False)
    )


def refusal(uri, body):
    """Why oauthlib refused the request: the check that failed (it returns only False)."""
    try:
        checked = resource_endpoint._create_request(uri, request.method, body, dict(request.headers))
        resource_endpoint._check_transport_security(checked)
        resource_endpoint._check_mandatory_parameters(checked)
    except Exception as error:  # noqa: BLE001 -- any refusal is reported to the test
        return f"{type(error).__name__}: {error}"
    return "a validator check or the signature"


def body_hash_problem():
    """Why the body is not covered by the signature, or None."""
    data = request.get_data()
    if is_form() or len(data) == 0:
        return None
    params = oauth_parameters()
    if params.get("oauth_signature_method") == "PLAINTEXT":
        return None  # PLAINTEXT signs nothing of the request, so a body hash would prove nothing
    sent = params.get("oauth_body_hash")
    if sent is None:
        return "a body that is not a form needs oauth_body_hash"
    algorithm = hashlib.sha256 if params.get("oauth_signature_method") == "HMAC-SHA256" else hashlib.sha1
    expected = base64.b64encode(algorithm(data).digest()).decode("ascii")
    return None if sent == expected else "oauth_body_hash does not match the body"


@app.route("/initiate", methods=["POST"])
def initiate():
    return answer(request_token_endpoint.create_request_token_response(raw_uri(), "POST", request.get_data(as_text=True), dict(request.headers)))


@app.route("/initiate-unconfirmed", methods=["POST"])
def initiate_unconfirmed():
    headers, body, status = request_token_endpoint.create_request_token_response(raw_uri(), "POST", request.get_data(as_text=True), dict(request.headers))
    kept = [(name, value) for name, value in urldecode(body or "") if name != "oauth_callback_confirmed"]
    return Response(urlencode(kept), status=status, headers=headers)


@app.route("/deny", methods=["GET"])
def deny():
    entry = REQUEST_TOKENS.get(request.args.get("oauth_token", ""))
    if entry is None:
        return Response("unknown request token", status=400)
    separator = "&" if "?" in entry["callback"] else "?"
    return Response("", status=302, headers={"Location": f"{entry['callback']}{separator}{urlencode([('denied', request.args['oauth_token'])])}"})


@app.route("/authorize", methods=["GET"])
def authorize():
    return answer(authorization_endpoint.create_authorization_response(raw_uri(), "GET", None, dict(request.headers)))


@app.route("/token", methods=["POST"])
def token():
    return answer(access_token_endpoint.create_access_token_response(raw_uri(), "POST", request.get_data(as_text=True), dict(request.headers)))


@app.route("/resource", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@app.route("/resource/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def resource(rest):
    uri = raw_uri()
    body = request.get_data(as_text=True) if is_form() else None
    valid, checked = resource_endpoint.validate_protected_resource_request(uri, request.method, body, dict(request.headers))
    problem = None if valid else "oauthlib refused the signature: " + refusal(uri, body)
    if problem is None:
        problem = body_hash_problem()
    echo = {
        "valid": problem is None,
        "problem": problem,
        "method": request.method,
        "uri": uri,
        "query": urldecode(uri.partition("?")[2]) if "?" in uri else [],
        "body": request.get_data(as_text=True),
        "signatureMethod": oauth_parameters().get("oauth_signature_method"),
        "signatureType": "header" if "Authorization" in request.headers else ("form" if is_form() and "oauth_signature" in (body or "") else "query"),
        "nonce": oauth_parameters().get("oauth_nonce"),
        "validatorLog": {key: value for key, value in (checked.validator_log.items() if checked is not None and hasattr(checked, "validator_log") else [])},
    }
    status = 200 if problem is None else 401
    headers = {"Content-Type": "application/json"}
    if status == 401:
        headers["WWW-Authenticate"] = 'OAuth realm="resource"'
    return Response(json.dumps(echo), status=status, headers=headers)


FAILED_ONCE = set()


@app.route("/once-401/<name>", methods=["GET", "POST", "PUT"])
def once_401(name):
    """401 for the first (valid) request of each name, then as /resource: a retry must be signed afresh."""
    with LOCK:
        first = name not in FAILED_ONCE
        FAILED_ONCE.add(name)
    if first:
        valid, _ = resource_endpoint.validate_protected_resource_request(raw_uri(), request.method, request.get_data(as_text=True) if is_form() else None, dict(request.headers))
        return Response(json.dumps({"valid": valid, "first": True}), status=401, headers={"Content-Type": "application/json", "WWW-Authenticate": 'OAuth realm="resource"'})
    return resource(name)


@app.route("/redirect/<int:status>", methods=["GET", "POST", "PUT"])
def redirect_to(status):
    """A redirect to `to` (any URL), after checking the signature of this hop too."""
    uri = raw_uri()
    valid, _ = resource_endpoint.validate_protected_resource_request(uri, request.method, None, dict(request.headers))
    if not valid:
        return Response(json.dumps({"valid": False, "problem": "redirect hop not signed"}), status=401, headers={"Content-Type": "application/json"})
    return Response("", status=status, headers={"Location": request.args["to"]})


@app.route("/repeat/<int:status>/<path:rest>", methods=["GET", "POST", "PUT"])
def repeat(status, rest):
    """A redirect to /resource/<rest> on `origin` (default this one) with the whole query received,
    oauth_* parameters included, as servers repeat a query: after checking this hop's signature."""
    uri = raw_uri()
    body = request.get_data(as_text=True) if is_form() else None
    valid, _ = resource_endpoint.validate_protected_resource_request(uri, request.method, body, dict(request.headers))
    if not valid:
        return Response(json.dumps({"valid": False, "problem": "redirect hop not signed"}), status=401, headers={"Content-Type": "application/json"})
    query = uri.partition("?")[2]
    location = request.args.get("origin", "") + "/resource/" + rest + ("?" + query if query else "")
    return Response("", status=status, headers={"Location": location})


server = make_server("127.0.0.1", 0, app, threaded=True)
print(f"listening {server.port}", flush=True)
server.serve_forever()
