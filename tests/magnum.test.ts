import { expect } from "chai";
import { parseConfig } from "../config/config";
import { planToJson, type Plan } from "../scripts/lib/offline";
import { configFileWith, expectProblems, planOf, planOfConfig, rawConfigOfFile, resource, resources, writeTempConfig } from "./harness";

// Magnum (the Magnum (Jetstream2) reference platform, Jetstream2): what the plan builds, the labels the Cluster API driver gets, and the
// replacement guard that keeps a config change from silently replacing a running cluster.

const example = "examples/magnum-jetstream2-gitops.yaml";
const clusterType = "openstack:containerinfra/cluster:Cluster";
const templateType = "openstack:containerinfra/clusterTemplate:ClusterTemplate";
const nodeGroupType = "openstack:containerinfra/nodeGroup:NodeGroup";

const withMagnum = (magnum: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    configFileWith(example, { "groundwork:cluster": { magnum }, ...extra });
const problemsOf = (config: Record<string, unknown>) => expectProblems(() => parseConfig(rawConfigOfFile(writeTempConfig(config))));
const dev = { "groundwork:environment": "dev" };
const guardOf = (plan: Plan) =>
    plan.outputs.replacementGuard as {
        fingerprint: string;
        replacements: { name: string; type: string; reason: string }[];
        upgrades: { name: string }[];
    };

describe("magnum substrate", () => {
    describe("the Magnum (Jetstream2) reference platform in prod", () => {
        it("builds a versioned template, a 3-master cluster and a node group per extra pool", async () => {
            const plan = await planOf(example);
            const template = resources(plan, templateType)[0];
            expect(template.inputs.name).to.match(/^mswa-v1-33-[0-9a-f]{8}$/);
            expect(template.inputs).to.include({
                coe: "kubernetes",
                serverType: "vm",
                image: "ubuntu-jammy-kube-v1.33.2",
                masterLbEnabled: true,
                volumeDriver: "cinder",
            });
            const cluster = resource(plan, clusterType, "mswa");
            expect(cluster.inputs).to.include({
                masterCount: 3,
                masterFlavor: "m3.small",
                flavor: "m3.medium",
                nodeCount: 3,
                clusterTemplateId: "mswa-template-id",
            });
            expect(cluster.options).to.include({ protect: true, deleteBeforeReplace: false });
            const video = resource(plan, nodeGroupType, "mswa-video");
            expect(video.inputs).to.include({
                flavorId: "m3.large",
                minNodeCount: 1,
                maxNodeCount: 3,
                nodeCount: 1,
                role: "video",
                mergeLabels: true,
            });
            expect(video.inputs.labels).to.deep.equal({ boot_volume_size: "100" });
        });

        it("writes the capi-helm driver's labels from typed settings, and only labels it knows", async () => {
            const labels = resources(await planOf(example), templateType)[0].inputs.labels as Record<string, string>;
            expect(labels).to.include({
                kube_tag: "v1.33.2",
                auto_scaling_enabled: "true",
                min_node_count: "2",
                max_node_count: "5",
                boot_volume_size: "60",
                etcd_volume_size: "10",
                octavia_provider: "amphora",
                master_lb_floating_ip_enabled: "true",
                api_master_lb_allowed_cidrs: "149.165.0.0/16,198.51.100.0/24",
                keystone_auth_enabled: "false",
                kube_dashboard_enabled: "false",
                csi_cinder_reclaim_policy: "Retain",
            });
            expect(labels).to.not.have.property("calico_ipv4pool"); // vexxhost-only
        });

        it("keeps the kubeconfig secret and hands the platform Magnum's capabilities", async () => {
            const plan = await planOf(example);
            const provider = resources(plan, "pulumi:providers:kubernetes")[0];
            expect(provider.inputs.kubeconfig).to.equal("[secret]");
            expect(plan.outputs.kubeconfig).to.equal("[secret]");
            expect(planToJson(plan)).to.not.contain("offline-secret-");
            expect(plan.outputs.capabilities).to.deep.equal({
                loadBalancer: "octavia",
                defaultStorageClass: "csi-cinder",
                dns: "designate",
                workloadIdentity: "none",
                objectStorage: "swift",
                selfManagedEtcd: false,
            });
            // Every Kubernetes object waits for the cluster and its node groups (through the provider).
            expect(provider.dependsOn).to.include.members([
                resource(plan, clusterType, "mswa").urn,
                resource(plan, nodeGroupType, "mswa-video").urn,
            ]);
        });

        it("does not install the cloud-controller-manager or Cinder CSI (Magnum deploys them)", async () => {
            const plan = await planOf(example);
            expect(plan.resources.some((r) => /OpenstackCloudControllerManager|CinderCsi/.test(r.type))).to.equal(false);
        });
    });

    it("dev: one master, nothing protected", async () => {
        const plan = await planOfConfig(withMagnum({ masterCount: null }, dev), "dev");
        const cluster = resource(plan, clusterType, "mswa");
        expect(cluster.inputs.masterCount).to.equal(1);
        expect(cluster.options.protect).to.equal(false);
    });

    it("vexxhost driver: pod and service ranges as labels, no capi-helm-only labels", async () => {
        const plan = await planOfConfig(
            withMagnum(
                {
                    driver: "vexxhost",
                    apiAllowedCidrs: [],
                    labels: { monitoring: false },
                    extraLabels: { kube_dashboard_enabled: null, csi_cinder_reclaim_policy: null, audit_log_enabled: "true" },
                },
                dev,
            ),
            "dev",
        );
        const labels = resources(plan, templateType)[0].inputs.labels as Record<string, string>;
        expect(labels).to.include({
            calico_ipv4pool: "172.16.0.0/13",
            service_cluster_ip_range: "172.24.0.0/13",
            audit_log_enabled: "true",
            kube_tag: "v1.33.2",
        });
        expect(labels).to.not.have.property("api_master_lb_allowed_cidrs");
        expect(labels).to.not.have.property("monitoring_enabled");
    });

    describe("replacement guard", () => {
        it("exports a fingerprint of every immutable input, per resource", async () => {
            const guard = guardOf(await planOf(example));
            expect(guard.fingerprint).to.match(/^cluster=[0-9a-f]{8},nodegroup-video=[0-9a-f]{8},template=[0-9a-f]{8}$/);
            expect(guard.replacements).to.deep.equal([]);
        });

        it("dev: names the resources a change would replace, and why, in the plan", async () => {
            const deployed = guardOf(await planOfConfig(configFileWith(example, dev), "dev")).fingerprint;
            const plan = await planOfConfig(withMagnum({ masterFlavor: "m3.medium", expectedFingerprint: deployed }, dev), "dev");
            const guard = guardOf(plan);
            expect(guard.replacements).to.have.length(1);
            expect(guard.replacements[0]).to.include({ type: clusterType, name: "mswa" });
            expect(guard.replacements[0].reason).to.contain("immutable input changed").and.contain("masterFlavor");
            // The template changed too (it carries the flavors): a new template is an upgrade, not a replacement.
            expect(guard.upgrades).to.have.length(1);
        });

        it("an image change is an upgrade through a new template, never a replacement", async () => {
            const before = await planOf(example);
            const plan = await planOfConfig(
                withMagnum({ image: "ubuntu-jammy-kube-v1.33.3", expectedFingerprint: guardOf(before).fingerprint }),
            );
            const guard = guardOf(plan);
            expect(guard.replacements).to.deep.equal([]);
            expect(guard.upgrades.map((u) => u.name)).to.deep.equal([resources(plan, templateType)[0].inputs.name]);
            expect(resources(plan, templateType)[0].inputs.name).to.not.equal(resources(before, templateType)[0].inputs.name);
        });

        it("prod: refuses an unacknowledged replacement, naming the resource and the acknowledgement", async () => {
            const deployed = guardOf(await planOf(example)).fingerprint;
            const message = problemsOf(withMagnum({ masterCount: 5, expectedFingerprint: deployed }));
            expect(message).to.contain(
                `cluster.magnum.expectedFingerprint: expected the deployed cluster's immutable inputs, got "${deployed}"`,
            );
            expect(message).to.contain(`would replace ${clusterType} "mswa"`);
            expect(message).to.match(/set cluster\.magnum\.intendedReplacement to "cluster=[0-9a-f]{8},/);
        });

        it("prod: an acknowledged replacement plans, and lifts the cluster's protection for that run", async () => {
            const deployed = guardOf(await planOf(example)).fingerprint;
            const attempt = withMagnum({ masterCount: 5, expectedFingerprint: deployed });
            const intended = /intendedReplacement to "([^"]+)"/.exec(problemsOf(attempt))![1];
            const plan = await planOfConfig(
                withMagnum({ masterCount: 5, expectedFingerprint: deployed, intendedReplacement: intended }),
                "prod",
            );
            expect(resource(plan, clusterType, "mswa").options.protect).to.equal(false);
            expect(guardOf(plan).replacements.map((r) => r.name)).to.deep.equal(["mswa"]);
        });

        it("reports a node group removed from the config", async () => {
            const deployed = guardOf(await planOf(example)).fingerprint;
            const config = configFileWith(example, dev);
            const cluster = config["groundwork:cluster"] as { nodePools: unknown[]; magnum: Record<string, unknown> };
            cluster.nodePools = cluster.nodePools.slice(0, 1);
            cluster.magnum.expectedFingerprint = deployed;
            const guard = guardOf(await planOfConfig(config, "dev"));
            expect(guard.replacements.map((r) => r.name)).to.include("video");
        });
    });

    describe("refused configs", () => {
        it("an even or two-member master count", () => {
            expect(problemsOf(withMagnum({ masterCount: 2 }))).to.contain(
                "cluster.magnum.masterCount: expected 1 or an odd number of at least 3 (etcd needs a majority of its members), got 2",
            );
            expect(problemsOf(withMagnum({ masterCount: 4 }))).to.contain("got 4");
        });

        it("one master in prod", () => {
            expect(problemsOf(withMagnum({ masterCount: 1 }))).to.contain(
                "cluster.magnum.masterCount: expected 3 or more in prod (a highly available control plane), got 1",
            );
        });

        it("a label the driver does not read, naming the driver", () => {
            const message = problemsOf(withMagnum({ extraLabels: { kube_dashbord_enabled: "false" } }));
            expect(message).to.contain(
                'cluster.magnum.extraLabels.kube_dashbord_enabled: expected a label the magnum-capi-helm (k8s_capi_helm) driver reads; did you mean "kube_dashboard_enabled"?, got "kube_dashbord_enabled"',
            );
        });

        it("a label that a typed setting owns", () => {
            expect(problemsOf(withMagnum({ extraLabels: { kube_tag: "v1.30.0" } }))).to.contain(
                "cluster.magnum.extraLabels.kube_tag: expected a label without a typed setting (use cluster.kubernetesVersion)",
            );
        });

        it("API CIDRs with the vexxhost driver, which would ignore them", () => {
            expect(problemsOf(withMagnum({ driver: "vexxhost" }))).to.contain(
                'cluster.magnum.apiAllowedCidrs: expected an empty list with driver "vexxhost"',
            );
        });

        it("a flavor that is not a flavor name", () => {
            const config = configFileWith(example);
            (config["groundwork:cluster"] as { nodePools: { size: string }[] }).nodePools[0].size = "4 vCPU / 8GB";
            expect(problemsOf(config)).to.contain(
                `cluster.nodePools[0].size: expected an OpenStack flavor name such as m3.medium (letters, digits, '.', '-', '_', ':'), got "4 vCPU / 8GB"`,
            );
        });

        it("the OpenStack cloud-controller-manager or Cinder CSI addon on Magnum", () => {
            const message = problemsOf(
                configFileWith(example, {
                    "groundwork:addons": { openstackCloudControllerManager: { enabled: true }, cinderCsi: { enabled: true } },
                }),
            );
            expect(message).to.contain(
                'addons.openstackCloudControllerManager.enabled: expected false on substrate "magnum" (Magnum already deploys the OpenStack cloud-controller-manager and Cinder CSI in its clusters), got true',
            );
            expect(message).to.contain('addons.cinderCsi.enabled: expected false on substrate "magnum"');
        });
    });
});
