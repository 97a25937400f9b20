import { expect } from "chai";
import { configFileWith, helmRelease, planOf, planOfConfig, resources, stackConfigWith, transitiveDependencies } from "./harness";
import type { Plan } from "../scripts/lib/offline";

// Clean teardown: `pulumi destroy` deletes in reverse dependency order, so an object whose cloud
// side a controller owns (an Ingress's DNS record and ALB, a LoadBalancer Service's NLB or Octavia load
// balancer) goes while its controller still runs only if the release rendering it depends on the
// controller's release. Dev volumes are deleted with their workloads (reclaim Delete, PVC retention Delete).

const dependsOn = (plan: Plan, from: string, to: string) =>
    transitiveDependencies(plan, helmRelease(plan, from).urn).has(helmRelease(plan, to).urn);
const devOf = (config: Record<string, unknown>) => planOfConfig({ ...config, "groundwork:environment": "dev" }, "dev");

describe("teardown order", () => {
    describe("EKS prod", () => {
        it("deletes Traefik's LoadBalancer Service (its NLB) while the AWS Load Balancer Controller runs", async () => {
            expect(dependsOn(await planOf("prod"), "traefik", "aws-load-balancer-controller")).to.equal(true);
        });

        it("deletes the UIs' Ingresses (Grafana, Argo CD) while ExternalDNS still runs to remove their records", async () => {
            const plan = await planOf("prod");
            expect(dependsOn(plan, "kube-prometheus-stack", "external-dns")).to.equal(true);
            expect(dependsOn(plan, "argo-cd", "external-dns")).to.equal(true);
        });

        it("deletes every release before the nodes and the cluster", async () => {
            const plan = await planOf("prod");
            const nodeGroup = plan.resources.find((r) => r.type === "aws:eks/nodeGroup:NodeGroup")!.urn;
            for (const release of resources(plan, "kubernetes:helm.sh/v3:Release")) {
                expect(transitiveDependencies(plan, release.urn).has(nodeGroup), release.name).to.equal(true);
            }
        });

        it("keeps the backup bucket until every backup writer is gone", async () => {
            const plan = await planOf("prod");
            const bucket = plan.resources.find((r) => r.type === "aws:s3/bucket:Bucket")!.urn;
            for (const writer of ["velero"])
                expect(transitiveDependencies(plan, helmRelease(plan, writer).urn).has(bucket), writer).to.equal(true);
            const cnpg = plan.resources.find((r) => r.type === "kubernetes:barmancloud.cnpg.io/v1:ObjectStore")!;
            expect(transitiveDependencies(plan, cnpg.urn).has(bucket)).to.equal(true);
        });

        it("makes UIs wait for the ALB controller when its class is the default (an ALB per Ingress)", async () => {
            const plan = await planOfConfig(
                stackConfigWith("prod", {
                    "groundwork:addons": { traefik: { enabled: false }, awsLoadBalancerController: { ingressClass: { default: true } } },
                }),
                "prod",
            );
            expect(dependsOn(plan, "argo-cd", "aws-load-balancer-controller")).to.equal(true);
            expect(dependsOn(plan, "kube-prometheus-stack", "aws-load-balancer-controller")).to.equal(true);
        });
    });

    describe("bare metal prod (the bare-metal reference platform)", () => {
        it("makes UIs wait for Cilium when it runs a load balancer per Ingress (dedicated mode), not in shared mode", async () => {
            const shared = await planOf("examples/baremetal-kubeadm-cilium-ceph.yaml", "prod");
            expect(dependsOn(shared, "argo-cd", "cilium")).to.equal(false);
            const dedicated = await planOfConfig(
                configFileWith("examples/baremetal-kubeadm-cilium-ceph.yaml", {
                    "groundwork:addons": { cilium: { ingressController: { loadbalancerMode: "dedicated" } } },
                }),
                "prod",
            );
            expect(dependsOn(dedicated, "argo-cd", "cilium")).to.equal(true);
            expect(dependsOn(dedicated, "kube-prometheus-stack", "cilium")).to.equal(true);
        });
    });

    describe("Nova prod (the bare-metal reference platform)", () => {
        it("deletes Traefik's LoadBalancer Service (its Octavia load balancer) while the cloud-controller-manager runs", async () => {
            expect(
                dependsOn(
                    await planOf("examples/openstack-vms-kubeadm-vault.yaml", "prod"),
                    "traefik",
                    "openstack-cloud-controller-manager",
                ),
            ).to.equal(true);
        });
    });

    describe("Magnum prod (the Magnum (Jetstream2) reference platform)", () => {
        it("deletes the UIs' Ingresses while ExternalDNS (Designate) still runs", async () => {
            const plan = await planOf("examples/magnum-jetstream2-gitops.yaml", "prod");
            expect(dependsOn(plan, "argo-cd", "external-dns")).to.equal(true);
        });
    });

    describe("dev volumes", () => {
        it("uses StorageClasses that delete their volumes (EBS on EKS, Cinder on Nova)", async () => {
            // The Nova example writes `reclaimPolicy: Retain` for prod; dev takes the profile's default.
            const nova = configFileWith("examples/openstack-vms-kubeadm-vault.yaml", {
                "groundwork:addons": { cinderCsi: { defaultClass: { reclaimPolicy: null } } },
            });
            for (const plan of [await devOf(stackConfigWith("prod", {})), await devOf(nova)]) {
                const classes = resources(plan, "kubernetes:storage.k8s.io/v1:StorageClass");
                expect(classes).to.not.be.empty;
                for (const c of classes) expect(c.inputs.reclaimPolicy, c.name).to.equal("Delete");
            }
        });

        it("deletes the PVCs of Prometheus, Alertmanager and Vault with their StatefulSets", async () => {
            const plan = await devOf(stackConfigWith("prod", {}));
            const monitoring = helmRelease(plan, "kube-prometheus-stack").inputs.values as any;
            expect(monitoring.prometheus.prometheusSpec.persistentVolumeClaimRetentionPolicy.whenDeleted).to.equal("Delete");
            expect(monitoring.alertmanager.alertmanagerSpec.persistentVolumeClaimRetentionPolicy.whenDeleted).to.equal("Delete");
            expect((helmRelease(plan, "vault").inputs.values as any).server.persistentVolumeClaimRetentionPolicy.whenDeleted).to.equal(
                "Delete",
            );
        });

        it("lets the CNPG Cluster go with its PVCs (owner references), retained only in prod", async () => {
            const dev = await devOf(stackConfigWith("prod", {}));
            const prod = await planOf("prod");
            const cluster = (p: Plan) => resources(p, "kubernetes:postgresql.cnpg.io/v1:Cluster")[0].options;
            expect(cluster(dev)).to.include({ protect: false, retainOnDelete: false });
            expect(cluster(prod)).to.include({ protect: true, retainOnDelete: true });
        });

        it("deletes DNS records in dev (ExternalDNS sync) and never in prod (upsert-only)", async () => {
            const dev = await devOf(stackConfigWith("prod", {}));
            expect((helmRelease(dev, "external-dns").inputs.values as any).policy).to.equal("sync");
            expect((helmRelease(await planOf("prod"), "external-dns").inputs.values as any).policy).to.equal("upsert-only");
        });
    });
});
