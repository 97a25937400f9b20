import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { referencePages } from "../scripts/lib/reference-docs";
import { addonManifests } from "../config/addon-manifests";
import { repoRoot } from "./harness";

// The reference pages are generated from the addon definitions and the config schema: a page that differs from
// what the code says would mislead the reader, so a stale page fails here (fix: npm run reference-docs).

describe("generated reference pages", () => {
    const pages = referencePages();

    it("has one page per addon, an addon index and the config reference", () => {
        const files = pages.map((p) => p.file);
        for (const def of addonManifests) expect(files).to.include(`docs/reference/addons/${def.key}.md`);
        expect(files).to.include.members(["docs/reference/addons.md", "docs/reference/config.md"]);
    });

    it("lists every setting of an addon with its type", () => {
        const page = pages.find((p) => p.file === "docs/reference/addons/certManager.md")!.text;
        expect(page).to.contain("| `addons.certManager.replicas` | integer | ≥ 1, ≤ 5 |");
        expect(page).to.contain("cert-manager v1.21.1");
    });

    it("are committed as generated (npm run reference-docs)", () => {
        for (const page of pages) {
            const file = path.join(repoRoot, page.file);
            expect(fs.existsSync(file), `${page.file} is missing: run npm run reference-docs`).to.equal(true);
            expect(fs.readFileSync(file, "utf8"), `${page.file} is stale: run npm run reference-docs`).to.equal(page.text);
        }
        const committed = fs.readdirSync(path.join(repoRoot, "docs/reference/addons")).map((f) => `docs/reference/addons/${f}`);
        expect(
            committed.filter((f) => !pages.some((p) => p.file === f)),
            "pages of addons that no longer exist",
        ).to.deep.equal([]);
    });
});
