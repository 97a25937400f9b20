import { expect } from "chai";
import type { Plan } from "../scripts/lib/offline";
import { expectProblems, planOf, planOfConfig, rawConfigOfFile, stackConfigWith, writeTempConfig } from "./harness";
import { parseConfig } from "../config/config";

// The optional split: the same settings run as two stacks, `cluster` (nodes, network, identity) and
// `platform` (addons), the platform reading the cluster stack's typed outputs. Together the two halves
// must build exactly what the single stack builds.

const clusterStack = "organization/groundwork/prod-cluster";
const clusterHalf = () => planOfConfig(stackConfigWith("prod", { "groundwork:stackRole": "cluster" }), "prod-cluster");
const platformHalf = () =>
    planOfConfig(stackConfigWith("prod", { "groundwork:stackRole": "platform", "groundwork:clusterStack": clusterStack }), "prod-platform");

/** Resources by type and name; what differs between halves is only the stack and the glue that reads the other half. */
// (A StackReference is served by the engine's default provider of the `pulumi` package.)
const glue = new Set([
    "pulumi:pulumi:Stack",
    "pulumi:pulumi:StackReference",
    "pulumi:providers:pulumi",
    "groundwork:cluster:ReferencedCluster",
]);
const keys = (plan: Plan) => new Set(plan.resources.filter((r) => !glue.has(r.type)).map((r) => `${r.type} ${r.name}`));

describe("split deployment (stackRole)", () => {
    it("the two halves together contain the same resources as the single stack", async () => {
        const single = keys(await planOf("prod"));
        const union = new Set([...keys(await clusterHalf()), ...keys(await platformHalf())]);
        expect(
            [...union].filter((k) => !single.has(k)),
            "only in the split",
        ).to.deep.equal([]);
        expect(
            [...single].filter((k) => !union.has(k)),
            "only in the single stack",
        ).to.deep.equal([]);
    });

    it("the cluster half builds no addon; the platform half builds no cluster resource", async () => {
        const cluster = await clusterHalf();
        const platform = await platformHalf();
        expect(cluster.resources.filter((r) => r.type.startsWith("groundwork:addons:"))).to.deep.equal([]);
        expect(
            platform.resources.filter((r) => /^aws:(eks\/(cluster|nodeGroup|addon):|ec2\/)/.test(r.type)).map((r) => r.type),
        ).to.deep.equal([]);
        expect(platform.resources.some((r) => r.type === "pulumi:pulumi:StackReference" && r.name.endsWith("cluster-stack"))).to.equal(
            true,
        );
    });

    it("the platform half binds workload identities to the cluster stack's cluster", async () => {
        const platform = await platformHalf();
        const associations = platform.resources.filter((r) => r.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation");
        expect(associations).to.not.be.empty;
        const cluster = (await clusterHalf()).resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
        for (const a of associations) expect(a.inputs.clusterName).to.equal(cluster.inputs.name);
    });

    it("the platform half reaches the cluster with the cluster stack's kubeconfig, kept secret", async () => {
        const platform = await platformHalf();
        const provider = platform.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
        expect(provider.inputs.kubeconfig).to.equal("[secret]");
        expect(platform.outputs.kubeconfig).to.equal("[secret]");
    });

    it("the cluster half exports the facts the platform half reads", async () => {
        const { outputs } = await clusterHalf();
        expect(outputs.clusterFacts).to.have.nested.property("aws.clusterArn");
        expect(outputs.addons).to.deep.equal([]);
    });

    it("refuses a platform half without its cluster stack, and a cluster stack on a single stack", () => {
        const platformOnly = stackConfigWith("prod", { "groundwork:stackRole": "platform" });
        expect(expectProblems(() => parseConfig(rawConfigOfFile(writeTempConfig(platformOnly))))).to.contain(
            'clusterStack: expected the cluster stack this platform stack builds on (stackRole is "platform"), got nothing',
        );
        const stray = stackConfigWith("prod", { "groundwork:clusterStack": clusterStack });
        expect(expectProblems(() => parseConfig(rawConfigOfFile(writeTempConfig(stray))))).to.contain(
            `clusterStack: expected nothing unless stackRole is "platform", got "${clusterStack}"`,
        );
    });
});
