"""A test mail server (aiosmtpd) for tests/it/mail: STARTTLS required (or, with `plain`, none
offered), AUTH required (user `planner`, password `secret`). Every mail received is written as
JSON (from, to, subject, decoded plain-text body) into the output directory. Prints `ready` once
listening (`ready PORT`) and stops when its standard input closes.

PORT 0 lets the system choose a free port, which the server binds itself and reports: a port
chosen by the test and released before the server binds it could be taken by another test in
between. The server runs on its own asyncio loop with a socket it bound, not through aiosmtpd's
`Controller`, whose start-up self-test times out on a busy machine.

Usage: smtp_server.py PORT OUTDIR CERT KEY starttls|plain
"""
import asyncio
import email
import email.policy
import json
import os
import socket
import ssl
import sys
import uuid

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

port, outdir, cert, key, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]


class Recorder:
    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(message["From"]),
            "subject": str(message["Subject"]),
            "body": message.get_body(preferencelist=("plain",)).get_content(),
            "tls": session.ssl is not None,
        }
        name = uuid.uuid4().hex
        tmp = os.path.join(outdir, name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.rename(tmp, os.path.join(outdir, name + ".json"))
        return "250 OK"


def authenticate(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and auth_data.login == b"planner" and auth_data.password == b"secret":
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)


kwargs = dict(authenticator=authenticate, auth_required=True)
if mode == "starttls":
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    kwargs.update(tls_context=context, require_starttls=True, auth_require_tls=True)
else:
    kwargs.update(auth_require_tls=False)


async def serve():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(16)
    loop = asyncio.get_running_loop()
    # `hostname` is what the greeting names; aiosmtpd's default asks DNS for this host's name.
    server = await loop.create_server(lambda: SMTP(Recorder(), hostname="localhost", **kwargs), sock=listener)
    print("ready", listener.getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


asyncio.run(serve())
