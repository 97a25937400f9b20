#!/usr/bin/env node
"use strict";
// Builds what other projects import (package.json "exports"): dist/index.js, the public API of package/index.ts
// bundled into one CommonJS file (its dependencies stay external), and its declarations under dist/types.
// Runs as npm's `prepare`, so `npm install github:<owner>/groundwork` and `npm ci` build it; `--js-only`
// rebuilds just the JavaScript (a few milliseconds), which the tests do before loading examples/app.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

function buildJs() {
    const outfile = path.join(root, "dist", "index.js");
    const { outputFiles } = require("esbuild").buildSync({
        entryPoints: [path.join(root, "package", "index.ts")],
        outfile,
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node20",
        packages: "external",
        logLevel: "warning",
        write: false,
    });
    // Written aside and renamed: test workers build and load it at the same time, never half a file.
    fs.mkdirSync(path.dirname(outfile), { recursive: true });
    const temporary = `${outfile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, outputFiles[0].contents);
    fs.renameSync(temporary, outfile);
}

function buildTypes() {
    const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.package.json"], { cwd: root, stdio: "inherit" });
    if (result.status !== 0) process.exit(result.status ?? 1);
}

module.exports = { buildJs };

if (require.main === module) {
    buildJs();
    if (!process.argv.includes("--js-only")) buildTypes();
}
