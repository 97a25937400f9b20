import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { baselineTargets, baselineText, lostUrns, lostUrnsMessage, readBaseline } from "../scripts/lib/urn-baseline";
import { miniaturePlan, platformType, withPlatformRenamed } from "./platform-rename";
import { planStack, readStackConfigFile } from "../scripts/lib/offline";
import { groundwork } from "../program";
import { planOfTarget, repoRoot } from "./harness";

// URNs are identities: a URN of the committed baseline that the plan lost, without an alias claiming it,
// is a resource `pulumi up` deletes and creates again (Helm releases and databases included).

const renamed = "groundwork:platform:Platform2";

describe("URN baseline", () => {
    for (const target of baselineTargets(repoRoot)) {
        const file = path.relative(repoRoot, target.baselineFile);
        it(`${target.id}: keeps every URN of ${file} (or aliases it)`, async () => {
            expect(fs.existsSync(target.baselineFile), `${file} is missing: run npm run urn-baseline`).to.equal(true);
            const lost = lostUrns(readBaseline(target.baselineFile), await planOfTarget(target));
            expect(lost, lostUrnsMessage(target.id, lost)).to.deep.equal([]);
        });
    }

    it("fails a type rename without an alias, saying which alias keeps the URNs", async () => {
        const baseline = urnsOf(baselineText(await miniaturePlan(platformType)));
        const lost = lostUrns(baseline, await miniaturePlan(renamed));
        const release = `urn:pulumi:prod::groundwork::${platformType}$groundwork:addons:Traefik$kubernetes:helm.sh/v3:Release::traefik`;
        expect(lost.map((l) => l.urn))
            .to.have.lengthOf(5)
            .and.to.include(release);
        const message = lostUrnsMessage("prod", lost);
        // The platform's children name the same fix: the alias on the renamed component, which they inherit.
        const fix = `add aliases: [{ type: "${platformType}" }] to ${renamed} "platform" (its children inherit it)`;
        expect(message.split("\n").filter((l) => l.endsWith(fix))).to.have.lengthOf(5);
        expect(message).to.contain("npm run urn-baseline");
    });

    it("fails the real program's Platform renamed without an alias, and accepts it with one", async () => {
        const prod = baselineTargets(repoRoot).find((t) => t.id === "prod")!;
        const run = () => planStack(prod.stack, readStackConfigFile(prod.configFile), groundwork);
        const baseline = readBaseline(prod.baselineFile);
        const lost = lostUrns(baseline, await withPlatformRenamed(renamed, false, run));
        expect(lost.length).to.be.greaterThan(100);
        const fix = `add aliases: [{ type: "${platformType}" }] to ${renamed} "platform"`;
        expect(lostUrnsMessage("prod", lost)).to.contain(fix);
        expect(lostUrns(baseline, await withPlatformRenamed(renamed, true, run))).to.deep.equal([]);
    });

    it("accepts the same rename with an alias, and new URNs", async () => {
        const baseline = urnsOf(baselineText(await miniaturePlan(platformType)));
        expect(lostUrns(baseline, await miniaturePlan(renamed, [{ type: platformType }]))).to.deep.equal([]);
        expect(lostUrns(baseline.slice(1), await miniaturePlan(platformType))).to.deep.equal([]);
    });
});

/** The URN lines of a baseline text, as readBaseline reads them from a file. */
const urnsOf = (text: string) => text.split("\n").filter((line) => line.startsWith("urn:"));
