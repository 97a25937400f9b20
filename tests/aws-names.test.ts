import { expect } from "chai";
import type { Plan } from "../scripts/lib/offline";
import { iamRoleNaming } from "../components/cluster/eks/iam-names";
import { configFileWith, planOf, planOfConfig } from "./harness";

// AWS refuses names over its limits at preview: IAM roles 64 characters (Pulumi auto-names `<logical>-<7 hex>`,
// so 56 for the logical name; a name prefix at most 38), EKS node groups 63. A cluster name of up to 40
// characters must plan with every name inside its limit.

function nameProblems(plan: Plan): string[] {
    const problems: string[] = [];
    for (const r of plan.resources) {
        if (r.type === "aws:iam/role:Role") {
            const { name, namePrefix } = r.inputs as { name?: string; namePrefix?: string };
            if (name !== undefined && name.length > 64) problems.push(`role ${name}: ${name.length} > 64`);
            else if (namePrefix !== undefined && namePrefix.length > 38) problems.push(`role prefix ${namePrefix}: > 38`);
            else if (name === undefined && namePrefix === undefined && r.name.length > 56) problems.push(`role ${r.name}: auto-name > 64`);
        }
        if (r.type === "aws:eks/nodeGroup:NodeGroup") {
            const name = String((r.inputs as { nodeGroupName?: string }).nodeGroupName ?? `${r.name}-1234567`);
            if (name.length > 63) problems.push(`node group ${name}: ${name.length} > 63`);
        }
    }
    return problems;
}

describe("AWS name limits", () => {
    const longName = `${"a".repeat(31)}-platform`; // 40 characters

    for (const file of ["examples/eks-every-addon-benchmark.yaml", "tests/fixtures/conformance/eks-karpenter-irsa-restore.yaml"]) {
        it(`${file} with a 40-character cluster name: every IAM role and node group name within its limit`, async () => {
            expect(longName).to.have.length(40);
            const plan = await planOfConfig(configFileWith(file, { "groundwork:cluster": { name: longName } }), "prod");
            expect(nameProblems(plan)).to.deep.equal([]);
        });
    }

    it("keeps the auto-names of roles that fit (no replacement of existing roles)", async () => {
        const plan = await planOf("prod");
        const roles = plan.resources.filter((r) => r.type === "aws:iam/role:Role");
        expect(roles.length).to.be.greaterThan(5);
        for (const r of roles) expect(r.inputs, r.name).to.not.have.property("namePrefix");
    });

    it("gives two long names that share their start different prefixes", () => {
        const a = iamRoleNaming(`${longName}-cloudnative-pg-postgres-backup`).namePrefix!;
        const b = iamRoleNaming(`${longName}-cloudnative-pg-postgres-restore`).namePrefix!;
        expect(a).to.not.equal(b);
        expect(a.length).to.be.at.most(38);
        expect(iamRoleNaming("groundwork-prod-velero")).to.deep.equal({});
    });
});
