import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import type { Plan, PlanResource } from "../scripts/lib/offline";
import { diffPlans, diffValues, formatPath } from "../scripts/lib/plan-diff";
import { renderDiff } from "../scripts/lib/plan-diff-report";
import { immutableMatch } from "../scripts/lib/immutable-fields";
import { upgradeStepProblems } from "../scripts/lib/upgrade-step";
import { isLegacyPlan, withEngineUrns } from "../scripts/lib/legacy-plan";
import { planOf, planOfConfig, repoRoot, runCommand, stackConfigWith } from "./harness";
import { miniaturePlan, platformType, withPlatformRenamed } from "./platform-rename";
import { planStack, readStackConfigFile, stackConfigPath } from "../scripts/lib/offline";
import { groundwork } from "../program";

// The PR diff: what a reviewer reads before approving. It must be short, name replacements and their
// reason, diff Helm values key by key and never show a secret.

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function clusterComponent(plan: Plan): PlanResource {
    const c = plan.resources.find((r) => r.type.startsWith("groundwork:cluster:"));
    if (!c) throw new Error("no cluster component in the plan");
    return c;
}

/** A managed node pool as the EKS substrate registers it, parented to the plan's cluster component. */
function nodeGroup(plan: Plan, inputs: Record<string, unknown>): PlanResource {
    const cluster = clusterComponent(plan);
    return {
        urn: `${cluster.urn.replace(`::${cluster.name}`, "")}$aws:eks/nodeGroup:NodeGroup::general`,
        type: "aws:eks/nodeGroup:NodeGroup",
        name: "general",
        parent: cluster.urn,
        dependsOn: [],
        provider: null,
        options: { protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [] },
        custom: true,
        inputs: { amiType: "AL2023_x86_64_STANDARD", capacityType: "ON_DEMAND", instanceTypes: ["m6i.large"], ...inputs },
    };
}

function withRelease(plan: Plan, name: string, edit: (inputs: Record<string, any>) => void): Plan {
    const copy = clone(plan);
    const release = copy.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === name);
    if (!release) throw new Error(`no release ${name}`);
    edit(release.inputs);
    return copy;
}

describe("plan diff", () => {
    it("reports a chart bump and a node pool resize, and nothing else", async () => {
        const prod = await planOf("prod");
        const base = withRelease(prod, "cert-manager", (i) => (i.version = "v1.21.0"));
        base.resources.push(nodeGroup(prod, { scalingConfig: { desiredSize: 3, maxSize: 6, minSize: 3 } }));
        const head = clone(prod);
        head.resources.push(nodeGroup(prod, { scalingConfig: { desiredSize: 4, maxSize: 6, minSize: 3 } }));

        const diff = diffPlans(base, head);
        expect(diff.counts).to.deep.equal({ add: 0, remove: 0, update: 2, replace: 0 });
        const cluster = clusterComponent(prod);
        const clusterLabel = `cluster ${cluster.name} (${cluster.type.split(":")[2]})`;
        expect(renderDiff(diff, "text")).to.equal(
            [
                `prod: 2 to update (${diff.unchanged} unchanged)`,
                "",
                "addon cert-manager (CertManager)",
                "  ~  Release cert-manager — chart cert-manager v1.21.0 → v1.21.1",
                "",
                clusterLabel,
                "  ~  NodeGroup general",
                "       scalingConfig.desiredSize: 3 → 4",
                "",
            ].join("\n"),
        );
        const md = renderDiff(diff, "markdown");
        expect(md).to.contain("#### Offline plan diff: prod: 2 to update");
        expect(md).to.contain("- `~` Release `cert-manager` — chart cert-manager v1.21.0 → v1.21.1");
        expect(md).to.contain("  - `scalingConfig.desiredSize: 3 → 4`");
    });

    it("reports a node pool resize of the real EKS program and a chart bump, and nothing else", async function () {
        const base = withRelease(await planOf("prod"), "cert-manager", (i) => (i.version = "v1.21.0"));
        if (!base.resources.some((r) => r.type === "aws:eks/nodeGroup:NodeGroup")) this.skip(); // prod is not on EKS
        const config = stackConfigWith("prod", {});
        const cluster = clone(config["groundwork:cluster"]) as { nodePools: { desired: number; max: number }[] };
        const pool = cluster.nodePools[0];
        // The autoscaler owns desiredSize (ignoreChanges: the engine keeps the running value), so a resize is max.
        const before = pool.max;
        pool.max = before + 1;
        const head = await planOfConfig({ ...config, "groundwork:cluster": cluster }, "prod");

        const diff = diffPlans(base, head);
        const nodeGroup = head.resources.find((r) => r.type === "aws:eks/nodeGroup:NodeGroup")!;
        const owner = clusterComponent(head);
        const text = renderDiff(diff, "text");
        expect(diff.counts, text).to.deep.equal({ add: 0, remove: 0, update: 2, replace: 0 });
        expect(text).to.contain(
            [
                "addon cert-manager (CertManager)",
                "  ~  Release cert-manager — chart cert-manager v1.21.0 → v1.21.1",
                "",
                `cluster ${owner.name} (${owner.type.split(":")[2]})`,
                `  ~  NodeGroup ${nodeGroup.name}`,
                `       scalingConfig.maxSize: ${before} → ${before + 1}`,
            ].join("\n"),
        );
    });

    it("diffs Helm values key by key between two runs of the real program", async () => {
        const base = await planOf("prod");
        const head = await planOfConfig(stackConfigWith("prod", { "groundwork:addons": { metricsServer: { replicas: 3 } } }), "prod");
        const diff = diffPlans(base, head);
        expect(diff.counts).to.deep.equal({ add: 0, remove: 0, update: 1, replace: 0 });
        const [component] = diff.components;
        expect(component.label).to.equal("addon metrics-server (MetricsServer)");
        expect(component.resources[0].changes.map((c) => formatPath(c.path))).to.deep.equal(["values.replicas"]);
        expect(renderDiff(diff, "text")).to.contain("values.replicas: 2 → 3");
    });

    it("shows an addon that is switched off as a removed component, the component itself included", async () => {
        const base = await planOf("prod");
        const head = await planOfConfig(stackConfigWith("prod", { "groundwork:addons": { metricsServer: { enabled: false } } }), "prod");
        const diff = diffPlans(base, head);
        const component = diff.components.find((c) => c.label.startsWith("addon metrics-server"));
        expect(component?.status).to.equal("removed");
        expect(component?.resources.map((r) => `${r.kind} ${r.type}`).sort()).to.deep.equal([
            "remove groundwork:addons:MetricsServer",
            "remove kubernetes:core/v1:Namespace",
            "remove kubernetes:helm.sh/v3:Release",
        ]);
        expect(renderDiff(diff, "text"))
            .to.contain("addon metrics-server (MetricsServer) [removed]")
            .and.contain("-  Release metrics-server — chart metrics-server 3.13.1");
    });

    it("names the immutable field behind a replacement", async () => {
        const prod = await planOf("prod");
        const base = clone(prod);
        base.resources.push(nodeGroup(prod, { scalingConfig: { desiredSize: 3, maxSize: 6, minSize: 3 } }));
        const head = clone(prod);
        head.resources.push(nodeGroup(prod, { amiType: "BOTTLEROCKET_x86_64", scalingConfig: { desiredSize: 3, maxSize: 6, minSize: 3 } }));
        const diff = diffPlans(base, head);
        expect(diff.counts.replace).to.equal(1);
        expect(renderDiff(diff, "text")).to.contain("+- NodeGroup general — replace: amiType changed (immutable)");
    });

    it("knows the immutable inputs of Magnum, EKS and Kubernetes objects", () => {
        expect(immutableMatch("openstack:containerinfra/cluster:Cluster", ["labels", "kube_tag"])).to.equal("labels");
        expect(immutableMatch("openstack:containerinfra/cluster:Cluster", ["nodeCount"])).to.equal(undefined);
        expect(immutableMatch("aws:eks/cluster:Cluster", ["kubernetesNetworkConfig", "serviceIpv4Cidr"])).to.equal(
            "kubernetesNetworkConfig.serviceIpv4Cidr",
        );
        expect(immutableMatch("aws:eks/cluster:Cluster", ["vpcConfig", "subnetIds"])).to.equal(undefined); // updatable in place
        expect(immutableMatch("aws:eks/nodeGroup:NodeGroup", ["scalingConfig", "desiredSize"])).to.equal(undefined);
        expect(immutableMatch("kubernetes:core/v1:Namespace", ["metadata", "name"])).to.equal("metadata.name");
        expect(immutableMatch("kubernetes:core/v1:Namespace", ["metadata", "labels", "team"])).to.equal(undefined);
        expect(immutableMatch("kubernetes:storage.k8s.io/v1:StorageClass", ["parameters", "type"])).to.equal("parameters");
        expect(immutableMatch("kubernetes:batch/v1:Job", ["spec", "template", "spec", "containers", "0", "image"])).to.equal(
            "spec.template",
        );
        expect(immutableMatch("openstack:networking/secGroupRule:SecGroupRule", ["portRangeMin"])).to.equal("*");
    });

    it("reports a Magnum label change as a cluster replacement", () => {
        const magnum = (labels: Record<string, string>): Plan => ({
            project: "groundwork",
            stack: "prod",
            outputs: {},
            resources: [
                {
                    urn: "urn:pulumi:prod::groundwork::openstack:containerinfra/cluster:Cluster::prod",
                    type: "openstack:containerinfra/cluster:Cluster",
                    name: "prod",
                    parent: null,
                    dependsOn: [],
                    provider: null,
                    options: { protect: true, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [] },
                    custom: true,
                    inputs: { labels, nodeCount: 3 },
                },
            ],
        });
        const text = renderDiff(diffPlans(magnum({ kube_tag: "v1.32.4" }), magnum({ kube_tag: "v1.33.1" })), "text");
        expect(text)
            .to.contain("+- Cluster prod — replace: labels changed (immutable)")
            .and.contain('labels.kube_tag: "v1.32.4" → "v1.33.1"');
    });

    it("never shows a secret and flags only a changed secret marker", () => {
        expect(diffValues({ kubeconfig: "[secret]" }, { kubeconfig: "[secret]" }, [])).to.deep.equal([]);
        const [change] = diffValues({ stringData: { password: "hunter2" } }, { stringData: { password: "[secret]" } }, []);
        expect(change.secret).to.equal(true);
        expect(change.before).to.equal("(plain value)");
        const base: Plan = { project: "groundwork", stack: "dev", outputs: {}, resources: [] };
        const secretResource = (value: string): PlanResource => ({
            urn: "urn:pulumi:dev::groundwork::kubernetes:core/v1:Secret::db",
            type: "kubernetes:core/v1:Secret",
            name: "db",
            parent: null,
            dependsOn: [],
            provider: null,
            options: { protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [] },
            custom: true,
            inputs: { stringData: { password: value } },
        });
        const text = renderDiff(
            diffPlans({ ...base, resources: [secretResource("hunter2")] }, { ...base, resources: [secretResource("[secret]")] }),
            "text",
        );
        expect(text).to.contain('stringData.password: secret changed? ("(plain value)" → "[secret]")').and.not.contain("hunter2");
    });

    it("quotes keys that are not plain identifiers", () => {
        expect(formatPath(["metadata", "labels", "pod-security.kubernetes.io/enforce"])).to.equal(
            'metadata.labels["pod-security.kubernetes.io/enforce"]',
        );
        expect(formatPath(["spec", "containers", "0", "image"])).to.equal("spec.containers[0].image");
    });

    it("runs from the command line (npm run diff)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diff-"));
        const prod = await planOf("prod");
        fs.writeFileSync(path.join(dir, "base.json"), JSON.stringify(withRelease(prod, "metrics-server", (i) => (i.version = "3.13.0"))));
        fs.writeFileSync(path.join(dir, "head.json"), JSON.stringify(prod));
        const out = runCommand("diff", [path.join(dir, "base.json"), path.join(dir, "head.json"), "--format", "markdown"]);
        expect(out.status, out.stderr).to.equal(0);
        expect(out.stdout).to.contain("chart metrics-server 3.13.0 → 3.13.1");
        const same = runCommand("diff", [path.join(dir, "head.json"), path.join(dir, "head.json")]);
        expect(same.stdout).to.match(/^prod: no changes/);
    });

    describe("URN changes (what `pulumi up` matches by URN and aliases)", () => {
        const renamed = "groundwork:platform:Platform2";
        const aliased = () => miniaturePlan(renamed, [{ type: platformType }]);

        it("shows a Platform type rename without an alias as deletes and creates, Helm release included", async () => {
            const diff = diffPlans(await miniaturePlan(platformType), await miniaturePlan(renamed));
            expect(diff.counts).to.deep.equal({ add: 5, remove: 5, update: 0, replace: 0 });
            const text = renderDiff(diff, "text");
            expect(text.split("\n").slice(0, 5).join("\n")).to.contain(
                "-  5 resources (Release traefik, kubernetes groundwork-prod-k8s, Platform platform, … and 2 more) " +
                    "deleted and created again: URN changed without an alias; " +
                    `add aliases: [{ type: "${platformType}" }] to ${renamed} "platform" (its children inherit it)`,
            );
            const md = renderDiff(diff, "markdown").split("\n");
            const warning = "> [!WARNING]\n> - This change replaces 0 and deletes 5 resource(s)";
            expect(md.slice(0, 4).join("\n")).to.contain(warning);
            const removed = diff.components.flatMap((c) => c.resources).filter((r) => r.kind === "remove");
            const types = removed.map((r) => r.type);
            expect(types).to.include.members([platformType, "groundwork:addons:Traefik", "kubernetes:helm.sh/v3:Release"]);
        });

        it("shows the same rename with an alias as no change (children and providers inherit the alias)", async () => {
            const diff = diffPlans(await miniaturePlan(platformType), await aliased());
            expect(diff.counts).to.deep.equal({ add: 0, remove: 0, update: 0, replace: 0 });
            expect(renderDiff(diff, "text")).to.match(/^prod: no changes/);
        });

        it("renaming the real Platform's type token deletes and re-creates all under it; with the alias, nothing", async () => {
            const run = () => planStack("prod", readStackConfigFile(stackConfigPath("prod", repoRoot)), groundwork);
            const base = await planOf("prod");
            const withoutAlias = diffPlans(base, await withPlatformRenamed(renamed, false, run));
            const releases = base.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
            expect(withoutAlias.counts.remove).to.equal(withoutAlias.counts.add).and.to.be.greaterThan(releases.length);
            const removed = withoutAlias.components.flatMap((c) => c.resources).filter((r) => r.kind === "remove");
            for (const release of releases)
                expect(
                    removed.map((r) => r.urn),
                    release.name,
                ).to.include(release.urn);
            const top = renderDiff(withoutAlias, "text").split("\n").slice(0, 12).join("\n");
            expect(top).to.contain("REFUSED").and.contain("is protected: `pulumi up` refuses to delete it");
            expect(top).to.contain(`add aliases: [{ type: "${platformType}" }] to ${renamed} "platform"`);

            const withAlias = diffPlans(base, await withPlatformRenamed(renamed, true, run));
            expect(withAlias.counts).to.deep.equal({ add: 0, remove: 0, update: 0, replace: 0 });
        });

        it("compares an aliased resource's inputs as usual", async () => {
            const base = await miniaturePlan(platformType);
            const head = withRelease(await aliased(), "traefik", (i) => (i.version = "37.2.0"));
            const diff = diffPlans(base, head);
            expect(diff.counts).to.deep.equal({ add: 0, remove: 0, update: 1, replace: 0 });
            expect(renderDiff(diff, "text")).to.contain(
                "chart traefik 37.1.0 → 37.2.0; aliased from urn:pulumi:prod::groundwork::groundwork:platform:Platform$",
            );
        });

        it("reads a base planned before engine URNs (mock URNs, no default providers) as the same plan", async () => {
            const head = await planOf("prod");
            // The mock monitor's URNs (MockMonitor.newUrn): the parent's last type + "$" + type, the Stack included;
            // default providers were not recorded.
            const byUrn = new Map(head.resources.map((r) => [r.urn, r]));
            const mockUrn = (urn: string): string => {
                const r = byUrn.get(urn)!;
                const parentType = r.parent ? `${mockUrn(r.parent).split("::")[2].split("$").pop()}$` : "";
                return `urn:pulumi:${head.stack}::${head.project}::${parentType}${r.type}::${r.name}`;
            };
            const isDefaultProvider = (urn: string) => /::pulumi:providers:[^:]+::default[^:]*$/.test(urn);
            const legacy: Plan = {
                ...head,
                resources: head.resources
                    .filter((r) => !isDefaultProvider(r.urn))
                    .map(({ aliases: _aliases, ...r }) => ({
                        ...r,
                        urn: mockUrn(r.urn),
                        parent: r.parent && mockUrn(r.parent),
                        dependsOn: r.dependsOn.map(mockUrn),
                        provider: r.provider && !isDefaultProvider(r.provider) ? mockUrn(r.provider) : null,
                    })),
            };
            expect(legacy.resources.find((r) => r.name === "platform")!.urn).to.equal(
                "urn:pulumi:prod::groundwork::pulumi:pulumi:Stack$groundwork:platform:Platform::platform",
            );
            expect(isLegacyPlan(legacy)).to.equal(true);
            expect(diffPlans(legacy, head).counts.add, "without the conversion").to.be.greaterThan(100);
            const none = { add: 0, remove: 0, update: 0, replace: 0 };
            expect(diffPlans(withEngineUrns(legacy, head), head).counts).to.deep.equal(none);
        });

        it("moves resources to a new default provider on a provider version bump without replacing them", async () => {
            const base = await planOf("prod");
            const isDefaultRandom = (r: PlanResource) => r.type === "pulumi:providers:random" && r.name.startsWith("default_");
            const oldProvider = base.resources.find(isDefaultRandom)!;
            const newUrn = oldProvider.urn.replace(/::default_[^:]*$/, "::default_9_0_0");
            const moved = (urn: string | null) => (urn === oldProvider.urn ? newUrn : urn);
            const head: Plan = {
                ...base,
                resources: base.resources.map((r) =>
                    r.urn === oldProvider.urn
                        ? { ...r, urn: newUrn, name: "default_9_0_0", inputs: { ...r.inputs, version: "9.0.0" } }
                        : { ...r, provider: moved(r.provider) },
                ),
            };
            const users = base.resources.filter((r) => r.provider === oldProvider.urn);
            expect(users).to.not.be.empty;
            expect(diffPlans(base, head).counts).to.deep.equal({ add: 1, remove: 1, update: 0, replace: 0 });
        });
    });

    describe("for people: the dangerous part first", () => {
        const upgrade = async () => {
            const base = await planOf("prod");
            const config = stackConfigWith("prod", {});
            const cluster = { ...(config["groundwork:cluster"] as Record<string, unknown>), kubernetesVersion: "1.34" };
            return { base, head: await planOfConfig({ ...config, "groundwork:cluster": cluster }, "prod") };
        };

        it("puts the node group rollout of an EKS 1.33 → 1.34 upgrade in the first 15 lines", async function () {
            const { base, head } = await upgrade();
            if (!head.resources.some((r) => r.type === "aws:eks/nodeGroup:NodeGroup")) this.skip(); // prod is not on EKS
            const diff = diffPlans(base, head);
            for (const format of ["text", "markdown"] as const) {
                const lines = renderDiff(diff, format).split("\n");
                const nodeGroup = lines.findIndex((l) => /NodeGroup.*rolling replacement of every node/.test(l));
                expect(nodeGroup, `${format}:\n${lines.slice(0, 20).join("\n")}`).to.be.within(0, 14);
                expect(
                    lines.filter((l) => l.includes("pod-security.kubernetes.io")),
                    format,
                ).to.have.lengthOf(1);
                const labels = lines.find((l) => l.includes("pod-security.kubernetes.io"));
                expect(labels).to.match(/"v1\.33" → "v1\.34".* on \d+ Namespaces \(/);
            }
        });

        it("puts the upgrade-step refusal first (text and markdown, and from the command line)", async () => {
            const { base, head } = await upgrade();
            const refusals = upgradeStepProblems(head, base); // 1.34 → 1.33: a downgrade
            expect(refusals).to.have.lengthOf(1);
            const text = renderDiff(diffPlans(head, base), "text", { refusals }).split("\n");
            expect(text.slice(0, 5).join("\n")).to.contain("REFUSED").and.contain("Kubernetes cannot be downgraded");
            const md = renderDiff(diffPlans(head, base), "markdown", { refusals }).split("\n");
            expect(md.slice(0, 6).join("\n")).to.contain("[!CAUTION]").and.contain("Kubernetes cannot be downgraded");

            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diff-"));
            fs.writeFileSync(path.join(dir, "base.json"), JSON.stringify(head));
            fs.writeFileSync(path.join(dir, "head.json"), JSON.stringify(base));
            const failure = runCommand("diff", [path.join(dir, "base.json"), path.join(dir, "head.json")]);
            expect(failure.status).to.equal(3);
            expect(failure.stdout.split("\n").slice(0, 5).join("\n")).to.contain("Kubernetes cannot be downgraded");
        });

        it("warns that a protected resource cannot be deleted, before the details", async () => {
            const base = await planOf("prod");
            const victim = base.resources.find((r) => r.custom && r.options.protect)!;
            const head = { ...base, resources: base.resources.filter((r) => r.urn !== victim.urn) };
            const lines = renderDiff(diffPlans(base, head), "text").split("\n");
            const refusal = `${victim.type.split(":").pop()} ${victim.name} is protected: \`pulumi up\` refuses to delete it`;
            expect(lines.slice(0, 4).join("\n")).to.contain(refusal);
            // Also when it is deleted because its URN changed without an alias (here: its type token).
            const retyped = { ...victim, type: `${victim.type}V2`, urn: victim.urn.replace(`${victim.type}::`, `${victim.type}V2::`) };
            const renamedHead = { ...base, resources: [...head.resources, retyped] };
            const renamedDiff = renderDiff(diffPlans(base, renamedHead), "text").split("\n");
            expect(renamedDiff.slice(0, 4).join("\n")).to.contain(refusal);
        });
    });
});
