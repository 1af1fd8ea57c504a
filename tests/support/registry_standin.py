#!/usr/bin/env python3
"""A stand-in for a secured schema registry, for the error paths a real registry in the sandbox cannot show
(Apicurio's own authentication needs an OpenID provider): it answers like Confluent's registry does for a client
without access. Prints its port on the first line, then serves until killed.

Paths start with the behaviour they ask for:
  /secured/...  basic auth alice:s3cret or the token tok-123 -> 200 with a schema; bob:b0b-pw -> 403; anything
                else (no credentials, a wrong password) -> 401 with WWW-Authenticate
  /broken/...   500 with an HTML page (a proxy in front of a registry that is down)
  /notjson/...  200 with a body that is not JSON
"""
import base64
import http.server
import json
import sys

SCHEMA = {"schema": "\"string\"", "schemaType": "AVRO"}


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet: the test reads only the first line
        pass

    def answer(self, status, body, content_type="application/vnd.schemaregistry.v1+json", headers=()):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def who(self):
        auth = self.headers.get("Authorization", "")
        if auth == "Bearer tok-123":
            return "token"
        if auth.startswith("Basic "):
            try:
                return base64.b64decode(auth[6:]).decode()
            except ValueError:
                return None
        return None

    def handle_any(self):
        if self.path.startswith("/broken/"):
            return self.answer(500, "<html><body>502 Bad Gateway</body></html>", "text/html")
        if self.path.startswith("/notjson/"):
            return self.answer(200, "<html>login page</html>", "text/html")
        if not self.path.startswith("/secured/"):
            return self.answer(404, {"error_code": 404, "message": "HTTP 404 Not Found"})
        who = self.who()
        if who in ("alice:s3cret", "token"):
            if self.path.endswith("/subjects"):
                return self.answer(200, ["orders-value"])
            return self.answer(200, SCHEMA)
        if who == "bob:b0b-pw":
            return self.answer(403, {"error_code": 40301, "message": "User cannot access the resource."})
        return self.answer(401, {"error_code": 401, "message": "Unauthorized"},
                           headers=[("WWW-Authenticate", 'Basic realm="SchemaRegistry"')])

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
