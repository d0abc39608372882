// The peer of bench_verify: node `jose` jwtVerify on the same token and key, one thread, for about N CPU seconds.
//   node jose_verify.mjs INPUT.json INTEROP_DIR
// INPUT.json: {"token": "...", "jwk": {...}, "seconds": 1.5}. Prints one JSON line: {"count", "cpuRate", "wallRate"}.
// jose is the interop suite's pinned copy (tests/interop/node_modules), so no other download is needed.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [input, interopDir] = process.argv.slice(2);
const require = createRequire(path.join(interopDir, 'package.json'));
const jose = require('jose');
const { token, jwk, seconds } = JSON.parse(readFileSync(input, 'utf8'));

const key = await jose.importJWK(jwk, 'RS256'); // once, as a verifier caches its keys
const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
};
// Warm-up, and a failure would make the figure meaningless.
await jose.jwtVerify(token, key);

let count = 0;
const cpuStart = cpu();
const wallStart = process.hrtime.bigint();
while (cpu() - cpuStart < seconds && count < 10_000_000) {
    for (let i = 0; i < 64; ++i)
        await jose.jwtVerify(token, key);
    count += 64;
}
const cpuElapsed = cpu() - cpuStart;
const wallElapsed = Number(process.hrtime.bigint() - wallStart) / 1e9;
console.log(JSON.stringify({ count, cpuRate: count / cpuElapsed, wallRate: count / wallElapsed }));
