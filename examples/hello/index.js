// The smallest konnector-shaped script: reads its account fields from the Cozy job
// environment, logs as cozy-logger does (one JSON object per stdout line), waits on a
// timer, and ends. Run it with: kvm examples/hello --fields '{"login":"ada"}'
'use strict';

const { greeting } = require('./lib/greeting');
const manifest = require('./manifest.json');

function log(type, message) {
  console.log(JSON.stringify({ type, message, label: manifest.slug, namespace: 'hello' }));
}

async function main() {
  const fields = JSON.parse(process.env.COZY_FIELDS || '{}');
  log('info', greeting(fields.login || 'world'));
  const url = new URL('/bills?year=2026', 'https://vendor.example');
  url.searchParams.append('page', '1');
  log('debug', `would fetch ${url.href}`);
  await new Promise((resolve) => setTimeout(resolve, 10));
  console.log('plain text becomes a debug record');
  log('info', 'done');
}

main().catch((error) => {
  log('critical', error.message);
  process.exitCode = 1;
});
