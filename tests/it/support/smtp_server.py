"""A test mail server (aiosmtpd) for tests/it/mail: STARTTLS required (or, with `plain`, none
offered), AUTH required (user `planner`, password `secret`). Every mail received is written as
JSON (from, to, subject, decoded plain-text body) into the output directory. Prints `ready` once
listening and stops when its standard input closes.

Usage: smtp_server.py PORT OUTDIR CERT KEY starttls|plain
"""
import email
import email.policy
import json
import os
import ssl
import sys
import uuid

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

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
controller = Controller(Recorder(), hostname="127.0.0.1", port=port, **kwargs)
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
