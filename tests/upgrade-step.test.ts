import { expect } from "chai";
import type { Plan } from "../scripts/lib/offline";
import { upgradeStepProblems } from "../scripts/lib/upgrade-step";

// Kubernetes upgrades one minor at a time, never down: checked between the deployed plan and the proposed one.

const plan = (kubernetesVersion: string): Plan => ({ project: "groundwork", stack: "prod", resources: [], outputs: { kubernetesVersion } });

describe("upgrade step (base plan → head plan)", () => {
    it("accepts the same version and one minor up", () => {
        expect(upgradeStepProblems(plan("1.32"), plan("1.32"))).to.deep.equal([]);
        expect(upgradeStepProblems(plan("1.32"), plan("1.33"))).to.deep.equal([]);
    });

    it("refuses skipping a minor", () => {
        expect(upgradeStepProblems(plan("1.32"), plan("1.34"))).to.deep.equal([
            'cluster.kubernetesVersion: expected one minor step at a time from 1.32 (to 1.33), got "1.34"',
        ]);
    });

    it("refuses a downgrade", () => {
        expect(upgradeStepProblems(plan("1.33"), plan("1.32"))).to.deep.equal([
            'cluster.kubernetesVersion: expected 1.33 or 1.34 (Kubernetes cannot be downgraded), got "1.32"',
        ]);
    });
});
