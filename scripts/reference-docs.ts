import * as fs from "node:fs";
import * as path from "node:path";
import { referencePages } from "./lib/reference-docs";

// npm run reference-docs: rewrites docs/reference/ (addon pages, config reference) from the code; a test fails
// when a committed page is stale.
const root = path.resolve(__dirname, "..");
const dir = path.join(root, "docs/reference");
fs.rmSync(dir, { recursive: true, force: true });
const pages = referencePages();
for (const page of pages) {
    fs.mkdirSync(path.dirname(path.join(root, page.file)), { recursive: true });
    fs.writeFileSync(path.join(root, page.file), page.text);
}
console.log(`wrote ${pages.length} pages under docs/reference/`);
