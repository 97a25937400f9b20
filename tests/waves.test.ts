import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { analyzeWaves, teardownOrder } from "../scripts/lib/waves";
import { planOf, repoRoot } from "./harness";

// Bring-up speed is structure: the platform must come up in at most three waves of Helm releases after the
// nodes, with independent addons in parallel. The baseline file records the current wave counts; a change
// that adds a wave fails here (lower the baseline when a change removes one).

const baselineFile = path.join(repoRoot, "tests/fixtures/waves-baseline.json");
const baseline: Record<string, { waves: number; helmWaves: number }> = JSON.parse(fs.readFileSync(baselineFile, "utf8"));

describe("deployment waves", () => {
    for (const [target, expected] of Object.entries(baseline)) {
        describe(target, () => {
            const plan = () => planOf(target);

            it("installs the platform in at most three Helm waves", async () => {
                expect(analyzeWaves(await plan()).helmWaves.length).to.be.at.most(3);
            });

            it(`adds no wave (baseline: ${expected.waves} waves, ${expected.helmWaves} Helm waves)`, async () => {
                const report = analyzeWaves(await plan());
                expect(report.helmWaves.length, "Helm waves").to.be.at.most(expected.helmWaves);
                expect(report.waves.length, "waves").to.be.at.most(expected.waves);
            });

            it("models a bring-up within 10 % of its lower bound", async () => {
                const report = analyzeWaves(await plan());
                expect(report.modeledSeconds).to.be.at.most(report.lowerBoundSeconds * 1.1);
            });

            it("tears down in the reverse order: nothing is deleted before what depends on it", async () => {
                const report = analyzeWaves(await plan());
                const position = new Map<string, number>();
                teardownOrder(report).forEach((wave, i) => wave.forEach((r) => position.set(r.urn, i)));
                for (const node of report.nodes.values()) {
                    for (const dep of node.waitsFor)
                        expect(position.get(dep)!, `${node.resource.name} → ${dep}`).to.be.greaterThan(position.get(node.resource.urn)!);
                }
            });
        });
    }

    it("puts CRDs before the custom resources that use them", async () => {
        const report = analyzeWaves(await planOf("prod"));
        const wave = (name: string) => [...report.nodes.values()].find((n) => n.resource.name === name)!.wave;
        expect(wave("cert-manager-crds")).to.be.lessThan(wave("cert-manager"));
        expect(wave("cert-manager")).to.be.lessThan(wave("cert-manager-selfsigned"));
    });
});
