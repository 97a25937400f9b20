import { expect } from "chai";
import type { Plan } from "../scripts/lib/offline";
import { iamRoleNaming } from "../substrates/eks/iam-names";
import { parseConfig } from "../config/config";
import { configFileWith, expectProblems, planOf, planOfConfig, rawConfigOfFile, writeTempConfig } from "./harness";

// AWS refuses names over its limits at preview: IAM roles 64 characters (Pulumi auto-names `<logical>-<7 hex>`,
// so 56 for the logical name; a name prefix at most 38), EKS node groups 63. A cluster name of up to 40
// characters must plan with every name inside its limit.

/** AWS's limits on the physical names of the resources the program creates (field holding the name, maximum). */
const physicalNameLimits: Record<string, { field: string; max: number }> = {
    "aws:eks/nodeGroup:NodeGroup": { field: "nodeGroupName", max: 63 },
    "aws:eks/cluster:Cluster": { field: "name", max: 100 },
    "aws:cloudwatch/eventRule:EventRule": { field: "name", max: 64 },
    "aws:cloudwatch/logGroup:LogGroup": { field: "name", max: 512 },
    "aws:sqs/queue:Queue": { field: "name", max: 80 },
    "aws:ec2/launchTemplate:LaunchTemplate": { field: "name", max: 128 },
    "aws:iam/policy:Policy": { field: "name", max: 128 },
    "aws:kms/alias:Alias": { field: "name", max: 256 },
    "aws:s3/bucket:Bucket": { field: "bucket", max: 63 },
};

function nameProblems(plan: Plan): string[] {
    const problems: string[] = [];
    for (const r of plan.resources) {
        if (r.type === "aws:iam/role:Role") {
            const { name, namePrefix } = r.inputs as { name?: string; namePrefix?: string };
            if (name !== undefined && name.length > 64) problems.push(`role ${name}: ${name.length} > 64`);
            else if (namePrefix !== undefined && namePrefix.length > 38) problems.push(`role prefix ${namePrefix}: > 38`);
            else if (name === undefined && namePrefix === undefined && r.name.length > 56) problems.push(`role ${r.name}: auto-name > 64`);
        }
        const limit = physicalNameLimits[r.type];
        if (limit) {
            const inputs = r.inputs as Record<string, unknown>;
            const explicit = inputs[limit.field] ?? inputs.namePrefix;
            const name = explicit === undefined ? `${r.name}-1234567` : String(explicit); // Pulumi's auto-name
            if (name.length > limit.max) problems.push(`${r.type} ${name}: ${name.length} > ${limit.max}`);
        }
    }
    return problems;
}

describe("AWS name limits", () => {
    const longName = `${"a".repeat(31)}-platform`; // 40 characters

    for (const file of [
        "examples/eks-every-addon-benchmark.yaml",
        "tests/fixtures/conformance/eks-karpenter-irsa-restore.yaml",
        "tests/fixtures/conformance/eks-karpenter-previews.yaml",
    ]) {
        it(`${file} with a 40-character cluster name: every AWS name within its limit`, async () => {
            expect(longName).to.have.length(40);
            const plan = await planOfConfig(configFileWith(file, { "groundwork:cluster": { name: longName } }), "prod");
            expect(nameProblems(plan)).to.deep.equal([]);
        });
    }

    const refusal = (patch: Record<string, unknown>) =>
        expectProblems(() =>
            parseConfig(rawConfigOfFile(writeTempConfig(configFileWith("examples/eks-every-addon-benchmark.yaml", patch)))),
        );

    it("refuses a longer cluster name, and a pool name that pushes its node group name over 63, by name", () => {
        const message = refusal({ "groundwork:cluster": { name: `${longName}x` } });
        expect(message).to.contain(
            "cluster.name: expected at most 40 characters on EKS (names AWS derives from it must fit their limits), got 41",
        );
        const pools = [{ name: "p".repeat(20), size: "m6i.large", min: 1, max: 2, desired: 1, diskGiB: 50 }];
        const poolMessage = refusal({ "groundwork:cluster": { name: longName, nodePools: pools } });
        expect(poolMessage).to.contain(`cluster.nodePools[0].name: expected at most 14 characters with a cluster named "${longName}"`);
    });

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
