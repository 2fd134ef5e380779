// Drives the simulator with the official Tencent Cloud Node.js SDK's
// CommonClient, as an independent client would. Reads one JSON document
// on stdin:
//   {"port": "1234", "secretId": "...", "secretKey": "...", "region": "...",
//    "calls": [{"product": "postgres", "version": "2017-03-12",
//               "action": "DescribeAccounts", "params": {...}}]}
// and writes one JSON line per call: {"action", "ok": true, "response"} or
// {"action", "ok": false, "code", "message"}. The endpoint is the real
// product host (postgres.tencentcloudapi.com:PORT), resolved to loopback by
// the agent, so the SDK signs for the product its host names and the
// simulator routes by Host, as the service does.
"use strict";
const http = require("http");
const { CommonClient } = require("tencentcloud-sdk-nodejs-common");

const agent = new http.Agent({
  keepAlive: true,
  lookup: (host, opts, cb) => {
    if (opts && opts.all) return cb(null, [{ address: "127.0.0.1", family: 4 }]);
    cb(null, "127.0.0.1", 4);
  },
});

async function main() {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const doc = JSON.parse(input);
  for (const call of doc.calls) {
    const client = new CommonClient(`${call.product}.tencentcloudapi.com:${doc.port}`, call.version, {
      credential: { secretId: doc.secretId, secretKey: doc.secretKey },
      region: doc.region,
      profile: { httpProfile: { protocol: "http://", agent, reqTimeout: 30 }, language: "en-US" },
    });
    try {
      const response = await client.request(call.action, call.params);
      process.stdout.write(JSON.stringify({ action: call.action, ok: true, response }) + "\n");
    } catch (e) {
      process.stdout.write(JSON.stringify({ action: call.action, ok: false, code: e.code || "", message: e.message || String(e) }) + "\n");
    }
  }
  agent.destroy();
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
  process.exit(1);
});
