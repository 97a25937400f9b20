import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseConfig } from "../config/config";
import { ConfigError } from "../config/errors";
import { eksAllocatable, reservedCpuMilli, reservedMemoryMiB } from "../config/allocatable";
import { capacityFindings, largerInstanceType } from "../config/capacity";
import { instanceTypes } from "../model/instance-types";
import { bareMetal, eks, parse } from "./config-builders";
import { expectProblems, rawConfigOfFile, repoRoot, stackConfigWith, writeTempConfig } from "./harness";

// The capacity check (docs/capacity.md): the platform's own pods against the node pools the config describes.

/** Every problem as tools see them (the printed message may collapse problems of one setting into one line). */
function refused(config: Record<string, unknown>): string {
    expectProblems(() => parse(config));
    try {
        parse(config);
    } catch (err) {
        if (err instanceof ConfigError) return err.problems.join("\n");
    }
    return "";
}
const findings = (config: Record<string, unknown>) => capacityFindings(parseConfig(rawConfigOfFile(writeTempConfig(config))));

/** An EKS stack with the database on: three instances of size medium in prod (2 CPU / 8 GiB each, one per node). */
function withDatabase(
    pools: Record<string, unknown>[],
    addons: Record<string, unknown> = {},
    database: Record<string, unknown> = {},
): Record<string, unknown> {
    const config = eks("prod", { cloudnativePg: { enabled: true }, ...addons });
    const cluster = config["groundwork:cluster"] as Record<string, unknown>;
    return { ...config, "groundwork:cluster": { ...cluster, nodePools: pools }, "groundwork:database": { enabled: true, ...database } };
}

describe("capacity check", () => {
    describe("EKS allocatable, as the EKS AMI computes it", () => {
        it("reserves kube-reserved CPU and memory as nodeadm's own expected kubelet configs say", () => {
            // amazon-eks-ami nodeadm/test/e2e/cases: a 2-vCPU host with maxPods 58 gets cpu 70m and memory
            // 893Mi; maxPods 44 gets 739Mi.
            expect(reservedCpuMilli(2000)).to.equal(70);
            expect(reservedMemoryMiB(58)).to.equal(893);
            expect(reservedMemoryMiB(44)).to.equal(739);
            // 6 % of the first core, 1 % of the second, 0.5 % of the 3rd and 4th, 0.25 % above.
            expect(reservedCpuMilli(1000)).to.equal(60);
            expect(reservedCpuMilli(4000)).to.equal(80);
            expect(reservedCpuMilli(8000)).to.equal(90);
        });

        it("gives m6i.large 1.93 CPU and m6i.xlarge 3.92 CPU, with memory below the listed size by the reservations", () => {
            const large = eksAllocatable(instanceTypes["m6i.large"]);
            const xlarge = eksAllocatable(instanceTypes["m6i.xlarge"]);
            expect(large.cpuMilli).to.equal(1930);
            expect(xlarge.cpuMilli).to.equal(3920);
            // 8 GiB listed, 7.5 % the guest never sees, 11 × 29 + 255 MiB kube-reserved, 100 MiB eviction.
            expect(large.memoryMiB).to.equal(Math.floor(8192 * 0.925) - 574 - 100);
            expect(xlarge.memoryMiB).to.equal(Math.floor(16384 * 0.925) - 893 - 100);
            // Below 8 GiB either way: a database instance of size medium (8 GiB requested) never fits an m6i.large.
            expect(large.memoryMiB / 1024).to.be.within(6.6, 7.4);
            expect(xlarge.memoryMiB / 1024).to.be.within(13.7, 14.7);
        });

        it("takes max pods from eni-max-pods.txt for every type it lists", () => {
            expect(instanceTypes["m6i.large"].maxPods).to.equal(29);
            expect(instanceTypes["m6i.xlarge"].maxPods).to.equal(58);
            expect(instanceTypes["t3.medium"].maxPods).to.equal(17);
        });

        it("suggests the next size of the same family that fits", () => {
            expect(largerInstanceType("m6i.large", { cpuMilli: 2000, memoryMiB: 8192 })).to.equal("m6i.xlarge");
            expect(largerInstanceType("m6i.large", { cpuMilli: 6000, memoryMiB: 8192 })).to.equal("m6i.2xlarge");
        });
    });

    describe("refuses", () => {
        it("the prod database on m6i.large, naming the setting, the need and what the type has", () => {
            const prodOnLarge = stackConfigWith("prod", {
                "groundwork:cluster": { nodePools: [{ name: "general", size: "m6i.large", min: 3, max: 6, desired: 3, diskGiB: 50 }] },
            });
            expect(refused(prodOnLarge)).to.contain(
                'cluster.nodePools[0].size: expected an instance type such as m6i.xlarge with at least 2 CPU / 8 GiB allocatable for the database (database.size "medium": 3 × 2 CPU / 8 GiB, one per node), or a smaller database.size, got "m6i.large" (1.8 CPU / 6.7 GiB per node',
            );
        });

        it("more required-anti-affinity replicas than nodes that fit: the pool's max with the Cluster Autoscaler, its desired size without", () => {
            const pool = { name: "general", size: "m6i.2xlarge", min: 2, max: 2, desired: 2 };
            expect(refused(withDatabase([pool]))).to.contain(
                'cluster.nodePools[0].max: expected at least 3 nodes that fit the database (database.size "medium": 3 × 2 CPU / 8 GiB, one per node), as required anti-affinity places them (or fewer: database.instances), got 2',
            );
            const fixed = withDatabase([{ ...pool, max: 4 }], { clusterAutoscaler: { enabled: false } });
            expect(refused(fixed)).to.contain("cluster.nodePools[0].desired: expected at least 3 nodes that fit the database");
            // Preferred anti-affinity may stack instances on one node: only the totals count then.
            expect(
                findings(withDatabase([{ ...pool, max: 4 }], {}, { antiAffinity: "preferred" })).problems.filter((p) =>
                    p.includes("nodes that fit"),
                ),
            ).to.deep.equal([]);
        });

        it("pods whose total does not fit the pools' minimum size with 15 % headroom", () => {
            // One m6i.2xlarge (7.8 CPU / 28 GiB) fits each instance, but three of them need 6 CPU / 24 GiB at least.
            const message = refused(withDatabase([{ name: "general", size: "m6i.2xlarge", min: 1, max: 6, desired: 3 }]));
            expect(message).to.match(
                /cluster\.nodePools\[0\]\.min: expected room for the platform's own pods \(.* requested, the most by the database .*\) with 15 % headroom on the nodes that are always there, got .* allocatable on 1 × m6i\.2xlarge/,
            );
            expect(findings(withDatabase([{ name: "general", size: "m6i.2xlarge", min: 3, max: 6, desired: 3 }])).problems).to.deep.equal(
                [],
            );
        });

        it("pods every pool's taints keep away", () => {
            const tainted = {
                name: "gpu",
                size: "m6i.2xlarge",
                min: 3,
                max: 3,
                desired: 3,
                taints: [{ key: "gpu", value: "true", effect: "NoSchedule" }],
            };
            expect(refused(withDatabase([tainted]))).to.contain(
                "cluster.nodePools: expected a pool that may run the database (no taints it does not tolerate), got none",
            );
        });
    });

    describe("warns, never guesses", () => {
        it("an instance type the table does not know: the pool is skipped, nothing is refused", () => {
            const result = findings(withDatabase([{ name: "general", size: "x9z.large", min: 3, max: 3, desired: 3 }]));
            expect(result.problems).to.deep.equal([]);
            expect(result.warnings).to.deep.equal([
                'cluster.nodePools[0].size: instance type "x9z.large" is not in model/instance-types.ts, so the capacity check skips this pool',
            ]);
        });

        it("a flavor without cluster.flavors on OpenStack, checked once it is described", () => {
            const file = path.join(repoRoot, "examples/openstack-vms-kubeadm-vault.yaml");
            const raw = rawConfigOfFile(file);
            const cluster = raw.values.cluster as Record<string, unknown>;
            const { flavors: _flavors, ...withoutFlavors } = cluster;
            const unknown = capacityFindings(parseConfig({ ...raw, values: { ...raw.values, cluster: withoutFlavors } }));
            expect(unknown.problems).to.deep.equal([]);
            expect(unknown.warnings).to.deep.equal([
                'cluster.nodePools[0].size: the vCPUs and RAM of "m1.xlarge" are unknown (add it to cluster.flavors), so the capacity check skips this pool',
            ]);
            const tiny = { ...cluster, flavors: { "m1.xlarge": { vcpus: 1, ramMiB: 2048 } } };
            // Nova pools are `desired` servers: nothing adds nodes, so the platform must fit them.
            const message = expectProblems(() => parseConfig({ ...raw, values: { ...raw.values, cluster: tiny } }));
            expect(message).to.contain("cluster.nodePools[0].desired: expected room for the platform's own pods");
            expect(message).to.contain("allocatable on 3 × m1.xlarge (cluster.nodePools[0].desired)");
        });

        it("an existing cluster without node pools: not checked", () => {
            const result = capacityFindings(parse(bareMetal("prod", { cloudnativePg: { enabled: true } })));
            expect(result).to.deep.equal({ problems: [], warnings: [] });
        });
    });

    describe("every shipped config passes", () => {
        const shipped = [
            ...fs.readdirSync(repoRoot).filter((f) => /^Pulumi\..+\.yaml$/.test(f) && f !== "Pulumi.yaml"),
            ...fs
                .readdirSync(path.join(repoRoot, "examples"))
                .filter((f) => f.endsWith(".yaml"))
                .map((f) => `examples/${f}`),
            ...fs
                .readdirSync(path.join(repoRoot, "tests/fixtures/conformance"))
                .filter((f) => f.endsWith(".yaml"))
                .map((f) => `tests/fixtures/conformance/${f}`),
        ];
        for (const file of shipped) {
            it(file, () => {
                const result = capacityFindings(parseConfig(rawConfigOfFile(path.join(repoRoot, file))));
                expect(result).to.deep.equal({ problems: [], warnings: [] });
            });
        }

        it("and the configs the other tests build", () => {
            for (const config of [eks("dev"), eks("prod"), bareMetal("dev", {}), bareMetal("prod", {})])
                expect(capacityFindings(parse(config)).problems).to.deep.equal([]);
        });
    });
});
