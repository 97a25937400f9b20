#!/usr/bin/env node
"use strict";
// `npm run <command>` → node scripts/fast/run.cjs <command> [args]: runs scripts/<command>.ts with plain node
// through the fast path (register.cjs): no tsx process, cached transpilation, deferred SDK modules.
const path = require("node:path");
require("./register.cjs");

const [command] = process.argv.splice(2, 1);
if (!command || !/^[a-z][a-z0-9-]*$/.test(command)) {
    console.error("usage: node scripts/fast/run.cjs <command> [args], e.g. plan --stack dev");
    process.exit(2);
}
// Loaded as the main module, so `require.main === module` holds in the script as under `node script`.
const script = path.join(__dirname, "..", `${command}.ts`);
process.argv[1] = script;
require("node:module")._load(script, null, true);
