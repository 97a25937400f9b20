import * as fs from "node:fs";
import * as path from "node:path";
import { withAddonsTable } from "./lib/addons-table";

// npm run addons-table: regenerates the addon table in docs/addons.md (a test fails when it is stale).
const page = path.resolve(__dirname, "../docs/addons.md");
fs.writeFileSync(page, withAddonsTable(fs.readFileSync(page, "utf8")));
console.log("docs/addons.md addon table updated");
