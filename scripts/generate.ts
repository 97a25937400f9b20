import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { addonFolders, addonRegistries } from "./lib/addon-registries";

// npm run generate: every generated file, in dependency order. First the addon registries (read from the
// folders under addons/, without loading the program), then, each in a fresh process that loads the new
// registries: the config JSON Schema, the reference pages, the addon table, the URN baseline and the prod
// picture. Run it after adding, removing or changing an addon; a test fails while any of them is stale.

const root = path.resolve(__dirname, "..");
const { folders, problems } = addonFolders(root);
if (problems.length) {
    console.error(`addons/ does not follow the layout:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exit(1);
}
for (const [file, text] of Object.entries(addonRegistries(folders))) fs.writeFileSync(path.join(root, file), text);
console.log(`addon registries: ${folders.length} addons`);

const steps: string[][] = [
    ["config-schema"],
    ["reference-docs"],
    ["addons-table"],
    ["urn-baseline"],
    ["graph", "--stack", "prod", "--out-dir", "docs/images"],
];
for (const [command, ...args] of steps) {
    const run = spawnSync(process.execPath, [path.join(root, "scripts/fast/run.cjs"), command, ...args], { cwd: root, stdio: "inherit" });
    if (run.status !== 0) process.exit(run.status ?? 1);
}
