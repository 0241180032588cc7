// The side-by-side peer of the soap_load benchmark (issue 19): node's `soap` package serving
// ExternalBookingService from our WSDL over HTTPS with mutual TLS, answering every
// GetSelfbookTimeslots with a canned answer of the same shape and size as the planner's (read from
// the planner's own answer once, at start), without any database. node-soap still parses each
// request envelope against the WSDL and writes the answer from the object, which is the work a
// SOAP framework does per request.
//
// Usage: node node_soap_peer.js PORT WSDL_FILE ANSWER_FILE CERTS_DIR
// (CERTS_DIR holds server.pem, server-key.pem and ca.pem of `planner certs dev`). Prints
// "listening" on stdout when it serves. `soap` is found through NODE_PATH.
'use strict';

const fs = require('fs');
const https = require('https');
const path = require('path');
const soap = require('soap');

const [port, wsdlFile, answerFile, certs] = process.argv.slice(2);
if (!port || !wsdlFile || !answerFile || !certs) {
  console.error('usage: node node_soap_peer.js PORT WSDL_FILE ANSWER_FILE CERTS_DIR');
  process.exit(2);
}

const server = https.createServer({
  cert: fs.readFileSync(path.join(certs, 'server.pem')),
  key: fs.readFileSync(path.join(certs, 'server-key.pem')),
  ca: fs.readFileSync(path.join(certs, 'ca.pem')),
  requestCert: true,
  rejectUnauthorized: true,
  keepAliveTimeout: 60000,
});

// What is not the service (the harness's GET /health/live before it starts the clock): 200.
server.on('request', (request, response) => {
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end('{"status":"live"}');
});

let canned = null;
const operations = {
  GetSelfbookTimeslots: () => canned,
};
const services = {
  ExternalBookingService: {
    ExternalBookingServiceSoap11Port: operations,
    ExternalBookingServiceSoap12Port: operations,
  },
};

// The WSDL holds one callback: node-soap's server installs its request listener from it, so ours
// comes through the `callback` option, called after that.
const soapServer = soap.listen(server, {
  path: '/ExternalBookingService',
  services,
  xml: fs.readFileSync(wsdlFile, 'utf8'),
  // Imports (schemaLocation) are resolved beside the WSDL file.
  uri: wsdlFile,
  // Times stay the text they were (node-soap would make Date objects, which it writes empty).
  customDeserializer: { dateTime: (text) => text, date: (text) => text },
  callback: (error, ready) => {
    if (error) {
      console.error(`cannot read the WSDL: ${error}`);
      process.exit(1);
    }
    const parsed = ready.wsdl.xmlToObject(fs.readFileSync(answerFile, 'utf8'));
    const body = parsed.Body || (parsed.Envelope && parsed.Envelope.Body) || parsed;
    canned = body.GetSelfbookTimeslotsResponse || body;
    server.listen(Number(port), '127.0.0.1', () => console.log('listening'));
  },
});
soapServer.log = () => {};
