import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { schemaFile, schemaText } from "../scripts/config-schema";
import { withAddonsTable } from "../scripts/lib/addons-table";
import { repoRoot } from "./harness";

// Files generated from the code are committed for readers (editors, the README); these tests fail when
// the code moved on and the files did not.

describe("generated files", () => {
    it("schema/stack-config.schema.json is current (npm run config-schema)", () => {
        expect(fs.readFileSync(schemaFile, "utf8")).to.equal(schemaText());
    });

    it("the addon table in docs/addons.md is current (npm run addons-table)", () => {
        const page = fs.readFileSync(path.join(repoRoot, "docs/addons.md"), "utf8");
        expect(page).to.equal(withAddonsTable(page));
    });

    it("the committed stack configs point editors at the schema", () => {
        for (const stack of ["dev", "prod"]) {
            expect(fs.readFileSync(path.join(repoRoot, `Pulumi.${stack}.yaml`), "utf8")).to.match(
                /^# yaml-language-server: \$schema=\.\/schema\/stack-config\.schema\.json/,
            );
        }
    });
});
