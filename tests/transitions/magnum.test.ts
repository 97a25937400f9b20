import { expect } from "chai";
import { parseConfig } from "../../config/config";
import { configFileWith, expectProblems, planOf, rawConfigOfFile, resource, writeTempConfig } from "../harness";
import { expectTransition, transition, transitionOf } from "../transition";
import { releasesBeforeTheirCrds, withPreviousCatalog } from "./chart-bump";

// Day-2 operations on the Magnum reference platform (examples/magnum-jetstream2-gitops.yaml), config A →
// config B. Magnum inputs are mostly immutable: the replacement guard (cluster.magnum.expectedFingerprint,
// intendedReplacement) refuses in prod what would replace a cluster or node group. docs/operations/magnum.md.

const example = "examples/magnum-jetstream2-gitops.yaml";
const workers = { name: "workers", size: "m3.medium", min: 2, max: 5, desired: 3, diskGiB: 60 };
const video = { name: "video", size: "m3.large", min: 1, max: 3, desired: 1, diskGiB: 100 };
const gpu = { name: "gpu", size: "g3.large", min: 0, max: 2, desired: 0, diskGiB: 100 };
const dev = { "groundwork:environment": "dev" };
const magnum = (cluster: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
    configFileWith(example, { "groundwork:cluster": cluster, ...extra });
const problemsOf = (config: Record<string, unknown>) => expectProblems(() => parseConfig(rawConfigOfFile(writeTempConfig(config))));
const accepted = (config: Record<string, unknown>) => parseConfig(rawConfigOfFile(writeTempConfig(config)));
const deployed = async () => ((await planOf(example)).outputs.replacementGuard as { fingerprint: string }).fingerprint;

describe("transitions: Magnum", () => {
    describe("Kubernetes minor upgrade 1.33 → 1.34 (a new cluster template)", () => {
        const upgrade = { kubernetesVersion: "1.34", magnum: { image: "ubuntu-jammy-kube-v1.34.1" } };

        it("creates the new template before the old one goes, and moves the cluster to it in place", async () => {
            const t = await transition(magnum(), magnum(upgrade), "prod");
            expectTransition(t, { replace: ["ClusterTemplate mswa-template"], update: ["Cluster mswa", "Namespace *"] });
            expect(t.resource("Cluster mswa").changes.map((c) => c.path.join("."))).to.deep.equal(["clusterTemplateId"]);
            expect(
                resource(t.head, "openstack:containerinfra/clusterTemplate:ClusterTemplate", "mswa-template").options.deleteBeforeReplace,
            ).to.equal(false);
        });

        it("is an upgrade, not a replacement: prod accepts it against the deployed fingerprint", async () => {
            const config = magnum({ ...upgrade, magnum: { ...upgrade.magnum, expectedFingerprint: await deployed() } });
            expect(() => accepted(config)).to.not.throw();
            const guard = (await planOf(example)).outputs.replacementGuard;
            expect(guard).to.have.property("replacements").that.deep.equals([]);
        });
    });

    describe("node pools", () => {
        it("adding a pool creates one node group", async () => {
            expectTransition(
                await transition(magnum({ nodePools: [workers, video] }), magnum({ nodePools: [workers, video, gpu] }), "prod"),
                { add: ["NodeGroup mswa-gpu"] },
            );
        });

        it("removing a pool deletes its node group: refused in prod unless acknowledged, shown in dev", async () => {
            const fingerprint = await deployed();
            expect(problemsOf(magnum({ nodePools: [workers], magnum: { expectedFingerprint: fingerprint } }))).to.contain(
                "its node pool was removed from the config",
            );
            const t = await transition(
                magnum({}, dev),
                magnum({ nodePools: [workers], magnum: { expectedFingerprint: fingerprint } }, dev),
                "dev",
            );
            expectTransition(t, { remove: ["NodeGroup mswa-video"] });
        });

        it("a new flavor for an extra pool replaces that node group alone; prod needs the acknowledgement", async () => {
            const fingerprint = await deployed();
            const bigger = { nodePools: [workers, { ...video, size: "m3.xl" }], magnum: { expectedFingerprint: fingerprint } };
            const message = problemsOf(magnum(bigger));
            expect(message).to.contain('would replace openstack:containerinfra/nodeGroup:NodeGroup "video"');
            const intended = /intendedReplacement to "([^"]+)"/.exec(message)![1];
            const t = await transition(
                magnum(),
                magnum({ ...bigger, magnum: { ...bigger.magnum, intendedReplacement: intended } }),
                "prod",
            );
            // The acknowledged run lifts prod's protection for that run: an option change on the cluster.
            expectTransition(t, { replace: ["NodeGroup mswa-video"], update: ["Cluster mswa"] });
            expect(t.resource("Cluster mswa").changes.map((c) => c.path.join("."))).to.deep.equal(["options.protect"]);
            expect(t.resource("NodeGroup mswa-video").replaceReasons).to.deep.equal(["flavorId changed (immutable)"]);
        });

        it("a new flavor for the default pool replaces the whole cluster (dev shows it; prod refuses)", async () => {
            const t = await transition(magnum({}, dev), magnum({ nodePools: [{ ...workers, size: "m3.large" }, video] }, dev), "dev");
            expectTransition(t, { replace: ["Cluster mswa", "ClusterTemplate mswa-template", "NodeGroup mswa-video"] });
            expect(
                problemsOf(
                    magnum({ nodePools: [{ ...workers, size: "m3.large" }, video], magnum: { expectedFingerprint: await deployed() } }),
                ),
            ).to.contain('would replace openstack:containerinfra/cluster:Cluster "mswa"');
        });
    });

    describe("labels", () => {
        it("a driver label is a new template the cluster upgrades to, never a new cluster", async () => {
            const t = await transition(magnum({}, dev), magnum({ magnum: { labels: { autoHealing: false } } }, dev), "dev");
            expectTransition(t, { replace: ["ClusterTemplate mswa-template"], update: ["Cluster mswa"] });
        });
    });

    describe("every chart to a newer pin", () => {
        it("updates every release and CRD bundle in place, CRDs before their charts", async () => {
            const head = await planOf(example);
            expectTransition(transitionOf(withPreviousCatalog(head), head), { update: ["Release *", "ConfigFile *"] });
            expect(releasesBeforeTheirCrds(head)).to.deep.equal([]);
        });
    });

    describe("generated secrets", () => {
        it("only the Secrets that carry a generated password read it: a rotation touches them and nothing stateful", async () => {
            const plan = await planOf(example);
            const passwords = plan.resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword");
            expect(passwords.length).to.be.greaterThan(2);
            for (const password of passwords) {
                const readers = plan.resources.filter((r) => r.dependsOn.includes(password.urn));
                expect(readers.length, password.name).to.be.greaterThan(0);
                expect(
                    readers.map((r) => r.type.split(":").pop()),
                    password.name,
                ).to.satisfy((types: string[]) => types.every((t) => t === "Secret"));
            }
        });
    });
});
