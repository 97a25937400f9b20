import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { addonManifests } from "../config/addon-manifests";
import { addonProblems, type AddonRuleSource } from "../config/rules";
import { addonFolders, addonRegistries } from "../scripts/lib/addon-registries";
import { configOfStack, repoRoot } from "./harness";

// An addon is a folder: addons/<key in kebab case>/ with settings.ts, manifest.ts and component.ts. The
// registries are generated from the folders (`npm run generate`), so none can drift from them.

describe("addon folders", () => {
    it("every folder under addons/ follows the layout", () => {
        const { folders, problems } = addonFolders(repoRoot);
        expect(problems).to.deep.equal([]);
        expect(folders.map((f) => f.key).sort()).to.deep.equal(addonManifests.map((m) => m.key).sort());
    });

    it("the generated registries are current (npm run generate)", () => {
        const { folders } = addonFolders(repoRoot);
        for (const [file, text] of Object.entries(addonRegistries(folders))) {
            expect(fs.readFileSync(path.join(repoRoot, file), "utf8"), `${file} is stale: run npm run generate`).to.equal(text);
        }
    });

    it("names a folder that breaks the layout, and what it expected", () => {
        const scratch = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "groundwork-addons-"));
        fs.mkdirSync(path.join(scratch, "addons", "my-addon"), { recursive: true });
        fs.writeFileSync(
            path.join(scratch, "addons", "my-addon", "manifest.ts"),
            'export const myAddon = defineAddon({\n    key: "myAdon",\n    settings: myAddonSettings,\n});\n',
        );
        const { problems } = addonFolders(scratch);
        expect(problems).to.include('addons/my-addon: expected the folder of addon key "myAdon" to be named my-adon');
        expect(problems.join("\n")).to.contain(
            "addons/my-addon/component.ts: expected `export const myAddonComponent = defineComponent(myAddon, …)`",
        );
    });

    it("turns a conflict declared as data into a config error naming the other addon's setting", () => {
        const config = configOfStack("prod");
        const both = {
            ...config,
            addons: {
                ...config.addons,
                keda: { ...config.addons.keda, enabled: true },
                eraser: { ...config.addons.eraser, enabled: true },
            },
        };
        const rules: AddonRuleSource[] = [
            { key: "keda", substrates: [config.substrate], conflicts: [{ addon: "eraser", reason: "a reason" }] },
        ];
        expect(addonProblems(both, rules)).to.deep.equal([
            "addons.eraser.enabled: expected false when addons.keda is enabled (a reason), got true",
        ]);
    });
});
