#!/usr/bin/env node
// Sends a test mail into the demo workspace's e-mail channel through Parley's own SMTP listener
// (issue #10): `npm start` in one terminal, then `npm run demo:mail` in another; the mail appears
// in the inbox as an e-mail conversation, and the agent's reply is written to DATA_DIR/mail-outbox.
//   npm run demo:mail -- --from "Kate <kate@client.test>" --subject "Hello" --text "Where is my order?"
import nodemailer from 'nodemailer';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const port = Number(process.env.INBOUND_SMTP_PORT || 2525);
const host = process.env.INBOUND_SMTP_HOST || '127.0.0.1';
const domain = process.env.INBOUND_MAIL_DOMAIN || 'parley.localhost';
const to = arg('to', `demo-mail@${domain}`);
const from = arg('from', 'Kate Kowalska <kate.kowalska@client.test>');
const subject = arg('subject', `Where is my order #${1000 + Math.floor(Math.random() * 9000)}?`);
const text = arg('text', 'Hello,\n\nI ordered a green jacket last week and have not heard back. Could you check where it is?\n\nThanks,\nKate');

const transport = nodemailer.createTransport({ host, port, secure: false, ignoreTLS: true, connectionTimeout: 5000 });
try {
  const info = await transport.sendMail({ from, to, subject, text });
  console.log(`Sent "${subject}" from ${from} to ${to} (${info.messageId}) through ${host}:${port}.`);
  console.log('Open the inbox (http://localhost:3000, admin@demo.test / parley-demo): the mail is an e-mail conversation.');
  console.log('A reply from the inbox is written to DATA_DIR/mail-outbox (./.data/mail-outbox by default).');
} catch (e) {
  console.error(`Could not send to ${host}:${port}: ${e.message}`);
  console.error('Is Parley running (npm start)? It listens for forwarded mail on INBOUND_SMTP_PORT (2525 in development).');
  process.exitCode = 1;
} finally {
  transport.close();
}
