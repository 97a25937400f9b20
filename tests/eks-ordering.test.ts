import { expect } from "chai";
import type { Plan } from "../scripts/lib/offline";
import { planOf } from "./harness";

// EKS answers ResourceNotFoundException to an access entry, pod identity association or add-on whose cluster
// does not exist yet. Pulumi orders a resource after another only through a dependency, so every EKS
// sub-resource must take the cluster name from the cluster resource (or depend on it explicitly).

const eksConfigs = [
    "prod",
    "examples/eks-alb-autoscaling-tenants.yaml",
    "examples/eks-every-addon-benchmark.yaml",
    "tests/fixtures/conformance/eks-karpenter-irsa-restore.yaml",
    "tests/fixtures/conformance/eks-karpenter-previews.yaml",
];

/** Every resource a resource waits for, directly or through the resources it waits for. */
function waitsFor(plan: Plan, urn: string): Set<string> {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const seen = new Set<string>();
    const stack = [urn];
    while (stack.length) {
        for (const dep of byUrn.get(stack.pop()!)?.dependsOn ?? [])
            if (!seen.has(dep)) {
                seen.add(dep);
                stack.push(dep);
            }
    }
    return seen;
}

describe("EKS ordering", () => {
    for (const config of eksConfigs) {
        it(`${config}: every resource that names the cluster waits for it`, async () => {
            const plan = await planOf(config, "prod");
            const cluster = plan.resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
            const naming = plan.resources.filter((r) => r.type.startsWith("aws:eks/") && r !== cluster && "clusterName" in r.inputs);
            expect(naming.length).to.be.greaterThan(3);
            for (const r of naming) expect(waitsFor(plan, r.urn), `${r.type} ${r.name}`).to.include(cluster.urn);
        });
    }
});
