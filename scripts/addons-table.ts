import * as fs from "fs";
import * as path from "path";
import { withAddonsTable } from "./lib/addons-table";

// npm run addons-table: regenerates the addon table in README.md (a test fails when it is stale).
const readme = path.resolve(__dirname, "../README.md");
fs.writeFileSync(readme, withAddonsTable(fs.readFileSync(readme, "utf8")));
console.log("README.md addon table updated");
