// A change-event receiver: checks each POST's signature and age, then hands the event on.
const http = require('node:http');
const crypto = require('node:crypto');

// Signed: "<X-Signature-Timestamp>.<raw body>", HMAC-SHA256 with WEBHOOK_SECRET, sent as "sha256=<hex>".
function verify(secret, timestamp, signature, body, nowMs = Date.now()) {
  const fresh = Math.abs(nowMs / 1000 - Number(timestamp)) <= 300; // refuse replays older than 5 minutes
  const expected = Buffer.from(
    `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
  );
  const given = Buffer.from(String(signature));
  return fresh && given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

function receiver(secret, onEvent) {
  return http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const valid = verify(secret, req.headers['x-signature-timestamp'], req.headers['x-signature-256'], body);
      if (valid) onEvent(JSON.parse(body)); // at least once: skip an event.id already processed
      res.statusCode = valid ? 204 : 401;
      res.end();
    });
  });
}

module.exports = { verify, receiver };
if (require.main === module)
  receiver(process.env.WEBHOOK_SECRET, (event) => console.log(event.type, event.id)).listen(8080);
