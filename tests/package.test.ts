import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadExampleApp } from "../scripts/lib/example-app";
import { repoRoot } from "./harness";

// The package other projects install (package.json "exports" → dist/, built by `prepare`): the StackReference
// helper and the typed outputs, reachable by the package name only, as examples/app uses them.

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    exports: Record<string, { types: string; default: string } | string>;
    files: string[];
    scripts: Record<string, string>;
};

describe("the groundwork package", () => {
    before(() => loadExampleApp()); // links examples/app/node_modules/groundwork and builds dist/index.js

    it("exports the helper and the outputs version from the package root, built by prepare", () => {
        const root = manifest.exports["."] as { types: string; default: string };
        expect(root.default).to.equal("./dist/index.js");
        expect(root.types).to.equal("./dist/types/package/index.d.ts");
        expect(manifest.files).to.deep.equal(["dist/"]);
        expect(manifest.scripts.prepare).to.equal("node scripts/build-package.cjs");
        const fromApp = require.resolve("groundwork", { paths: [path.join(repoRoot, "examples/app")] });
        expect(fs.realpathSync(fromApp)).to.equal(path.join(repoRoot, "dist/index.js"));
        const api = require(fromApp) as Record<string, unknown>;
        expect(api.GroundworkStack).to.be.a("function");
        expect(api.checkOutputsVersion).to.be.a("function");
        expect(api.outputsVersion).to.be.a("number");
    });

    it("refuses deep imports of internal paths, which may move between releases", () => {
        expect(() => require.resolve("groundwork/program/reference", { paths: [path.join(repoRoot, "examples/app")] })).to.throw(
            /is not defined by "exports"/,
        );
    });

    it("is what examples/app imports, by package name and never by relative path into the repository", () => {
        const app = JSON.parse(fs.readFileSync(path.join(repoRoot, "examples/app/package.json"), "utf8")) as {
            dependencies: Record<string, string>;
        };
        expect(app.dependencies.groundwork).to.equal("file:../..");
        for (const file of fs.readdirSync(path.join(repoRoot, "examples/app")).filter((f) => f.endsWith(".ts"))) {
            const source = fs.readFileSync(path.join(repoRoot, "examples/app", file), "utf8");
            expect(source, file).to.not.match(/from "\.\.\/\.\./);
        }
        expect(fs.readFileSync(path.join(repoRoot, "examples/app/app.ts"), "utf8")).to.contain('from "groundwork"');
    });
});
