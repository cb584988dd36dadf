// Receiving GOV.UK Notify callbacks with Node's `http` module (no framework).
//
// Notify POSTs a delivery receipt to your callback URL when a message reaches its final status,
// and a received text to your inbound URL when someone texts your number, with the header
// `Authorization: Bearer <token>`. `callbackHandler` checks the token (401 if wrong), parses the
// body (400 if it is not the payload expected) and, like Express middleware, calls `next()` with
// the typed payload in `req.notifyCallback`. With Express:
//
//   app.post('/notify/delivery-receipts', callbackHandler({ token }), (req, res) => {
//     recordStatus(req.notifyCallback.id, req.notifyCallback.status);
//     res.sendStatus(200);
//   });
//
// Run: NOTIFY_CALLBACK_TOKEN=my-token node examples/node/callbacks_http.js 8000
// (port 0 picks a free port; the first line printed is the address it listens on). Each callback
// received is printed as a JSON line.
'use strict';
const http = require('node:http');
const { callbackHandler } = require('../../bindings-node');

function makeServer(token, onDeliveryReceipt, onReceivedText) {
  const routes = {
    '/notify/delivery-receipts': [callbackHandler({ token, type: 'deliveryReceipt' }), onDeliveryReceipt],
    '/notify/received-texts': [callbackHandler({ token, type: 'receivedText' }), onReceivedText],
  };
  return http.createServer((req, res) => {
    const route = routes[new URL(req.url, 'http://localhost').pathname];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const [handler, handle] = route;
    handler(req, res, (err) => {
      if (err) {
        res.writeHead(500).end();
        return;
      }
      handle(req.notifyCallback);
      res.writeHead(200).end();
    });
  });
}

if (require.main === module) {
  const token = process.env.NOTIFY_CALLBACK_TOKEN;
  const port = Number(process.argv[2] || 8000);
  const show = (kind) => (payload) => console.log(JSON.stringify({ kind, ...payload }));
  const server = makeServer(token, show('delivery_receipt'), show('received_text'));
  server.listen(port, '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}`);
  });
  process.on('SIGTERM', () => process.exit(0));
}

module.exports = { makeServer };
