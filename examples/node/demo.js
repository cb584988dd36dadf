// The Node part of `make demo`: the same five sends and status reads, through the drop-in
// NotifyClient (code written for notifications-node-client reads `response.data`).
// Run: NOTIFY_API_KEY=... NOTIFY_BASE_URL=http://127.0.0.1:6011 node examples/node/demo.js
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { NotifyClient } = require('../../bindings-node');

const SMS = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const EMAIL = '5e2d4c6b-7a8f-4b9c-a1d2-e3f4a5b6c7d8';
const FILE_EMAIL = '6f3e5d7c-8b9a-4c0d-b2e3-f4a5b6c7d8e9';
const LETTER = '7a4f6e8d-9cab-4d1e-83f4-a5b6c7d8e9f0';

async function main() {
  const client = new NotifyClient(process.env.NOTIFY_BASE_URL, process.env.NOTIFY_API_KEY);
  const ids = [];
  const show = (what, response) => {
    ids.push(response.data.id);
    console.log(`[node] ${what.padEnd(12)} ${response.data.id}`);
  };
  show('text message', await client.sendSms(SMS, '07700900123', { personalisation: { name: 'Node' } }));
  show('email', await client.sendEmail(EMAIL, 'node@example.com', { personalisation: { name: 'Node' } }));
  const file = client.prepareUpload(Buffer.from('name,score\nNode,10\n'), { filename: 'report.csv' });
  show('file email', await client.sendEmail(FILE_EMAIL, 'node@example.com', { personalisation: { link_to_file: file } }));
  show('letter', await client.sendLetter(LETTER, {
    personalisation: {
      address_line_1: 'Node Example', address_line_2: '1 Example Street', address_line_3: 'London',
      postcode: 'SW1A 1AA', name: 'Node',
    },
  }));
  const pdf = fs.readFileSync(path.join(__dirname, '../../core/tests/data/fixtures/letter.pdf'));
  show('precompiled', await client.sendPrecompiledLetter('demo-node-precompiled', pdf, 'first'));
  for (const id of ids) {
    const { data } = await client.getNotificationById(id);
    console.log(`[node] status       ${id} : ${data.type} ${data.status}`);
  }
  try {
    await client.sendSms('not-a-uuid', '07700900123');
  } catch (err) {
    console.log(`[node] error        code=${err.code}: ${err.message}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
