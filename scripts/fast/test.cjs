#!/usr/bin/env node
"use strict";
// npm test: the type check and the mocha suite side by side (mocha itself runs its files in two workers, see
// .mocharc.json), so the suite takes about as long as the slower of the two, not their sum; mocha's output as it
// comes, tsc's when it fails, then one summary line.
const { spawn } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "../..");
const bin = (pkg, file) => path.join(root, "node_modules", pkg, file);
const tscBuildInfo = path.join(root, "node_modules", ".cache", "groundwork-tsc", "tsconfig.tsbuildinfo");

function run(name, args, { echo }) {
    return new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        const collect = (stream, sink) =>
            stream.on("data", (chunk) => {
                output += chunk;
                if (echo) sink.write(chunk);
            });
        collect(child.stdout, process.stdout);
        collect(child.stderr, process.stderr);
        child.on("close", (code) => resolve({ name, code: code ?? 1, output, seconds: (Date.now() - started) / 1000 }));
    });
}

async function main() {
    const mochaArgs = [bin("mocha", "bin/mocha.js"), ...process.argv.slice(2)];
    const [typecheck, mocha] = await Promise.all([
        // Incremental: a second run re-checks only what changed (the build info lives with the other caches).
        run("typecheck", [bin("typescript", "bin/tsc"), "-p", "tsconfig.json", "--incremental", "--tsBuildInfoFile", tscBuildInfo], {
            echo: false,
        }),
        run("mocha", mochaArgs, { echo: true }),
    ]);
    if (typecheck.code !== 0) process.stdout.write(`\ntype check (tsc) failed:\n${typecheck.output}`);
    const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(mocha.output)?.[1] ?? 0);
    const passed = count("passing");
    const failed = count("failing") + (mocha.code !== 0 && count("failing") === 0 ? 1 : 0);
    const tscErrors = (typecheck.output.match(/error TS\d+/g) ?? []).length;
    console.log(
        `\ntype check: ${typecheck.code === 0 ? "ok" : `${tscErrors} error(s)`} in ${typecheck.seconds.toFixed(1)} s; ` +
            `mocha: ${passed} passing, ${count("pending")} pending, ${count("failing")} failing in ${mocha.seconds.toFixed(1)} s`,
    );
    console.log(`${passed} passed, ${failed + (typecheck.code === 0 ? 0 : 1)} failed`);
    process.exit(typecheck.code === 0 && mocha.code === 0 ? 0 : 1);
}

main();
