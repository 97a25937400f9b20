import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { repoRoot } from "./harness";

// The README is the front door: short, and every page under docs/ is reachable from it; no page links to a
// file that does not exist.

const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), "utf8");
const docs = fs
    .readdirSync(path.join(repoRoot, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`);
const pages = [
    "README.md",
    ...docs,
    ...fs
        .readdirSync(path.join(repoRoot, "docs/reference"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/reference/${f}`),
];

/** Relative link targets of a Markdown page, without anchors. */
function links(text: string): string[] {
    const prose = text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, ""); // code is not a link
    return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1])
        .filter((u) => !/^(https?:|mailto:|#)/.test(u))
        .map((u) => u.split("#")[0]);
}

describe("documentation", () => {
    it("keeps the README within 15 KB", () => {
        expect(Buffer.byteLength(read("README.md"))).to.be.at.most(15 * 1024);
    });

    it("links every page under docs/ from the README", () => {
        const linked = new Set(links(read("README.md")));
        for (const page of docs) expect([...linked], page).to.include(page);
    });

    it("has no link to a file that does not exist", () => {
        for (const page of pages) {
            for (const target of links(read(page))) {
                const file = path.resolve(repoRoot, path.dirname(page), target);
                expect(fs.existsSync(file), `${page} links to ${target}`).to.equal(true);
            }
        }
    });
});
