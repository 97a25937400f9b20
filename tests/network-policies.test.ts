import { expect } from "chai";
import * as path from "node:path";
import { parseConfig } from "../config/config";
import { helmRelease, planOf, rawConfigOfFile, repoRoot, resources } from "./harness";
import { stackConfigPath, type Plan } from "../scripts/lib/offline";
import { canReach, networkOf, type Endpoint, type Network } from "../scripts/lib/reachability";
import { ingressSourceCidrs, objectStoreTarget, platformPolicies, type FlowTargets } from "../platform/network-policies";
import { cidrRange } from "../model/primitives";
import { resolveEks, subnetPlan } from "../substrates/eks/manifest";
import type { PlatformConfig } from "../config/types";

// Zero trust between platform namespaces: every namespace the platform creates denies by default, and the
// flows the addons declare are the only way in or out. The reachability matrix is computed from the plan's
// NetworkPolicies (scripts/lib/reachability.ts), so a missing or too-wide policy fails here.

const plans: Record<string, string> = {
    "prod (EKS)": "prod",
    "EKS example": "examples/eks-alb-autoscaling-tenants.yaml",
    "Magnum example": "examples/magnum-jetstream2-gitops.yaml",
    "Nova example": "examples/openstack-vms-kubeadm-vault.yaml",
    "bare-metal example": "examples/baremetal-kubeadm-cilium-ceph.yaml",
    "large example": "examples/eks-every-addon-benchmark.yaml",
    "company cluster example": "examples/company-cluster-argocd-sandboxed.yaml",
    "production checklist example": "examples/production-checklist.yaml",
};

function configOf(stackOrFile: string): PlatformConfig {
    const file = stackOrFile.endsWith(".yaml") ? path.resolve(repoRoot, stackOrFile) : stackConfigPath(stackOrFile, repoRoot);
    return parseConfig(rawConfigOfFile(file));
}

/** Pods get addresses of the private subnets on EKS (VPC CNI), pod-CIDR addresses elsewhere. */
function podCidrOf(config: PlatformConfig): string {
    return config.substrate === "eks" ? subnetPlan(config.network.nodeCidr, resolveEks(config)).private[0] : config.network.podCidr;
}

function hostIn(cidr: string, offset: number): string {
    const n = cidrRange(cidr)!.start + offset;
    return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
}

const pod = (namespace: string, labels?: Record<string, string>): Endpoint => ({ kind: "pod", namespace, labels });
/** A namespace nobody wrote policies for (an application installed by hand): the attacker of this matrix. */
const outsider = pod("outsider");
const internet: Endpoint = { kind: "address", ip: "52.216.10.20" };
const coreDns = pod("kube-system", { "k8s-app": "kube-dns" });

function namespacesOf(plan: Plan): string[] {
    return resources(plan, "kubernetes:core/v1:Namespace").map((r) => (r.inputs.metadata as { name: string }).name);
}

/** Namespaces (of the plan, plus the outsider) whose pods reach `to` on `port`. */
function clientsOf(network: Network, plan: Plan, to: Endpoint, port: number): string[] {
    return [...namespacesOf(plan), "outsider"].filter((ns) => canReach(network, pod(ns), to, port)).sort();
}

/** Tenants whose declared egress CIDRs hold pod addresses (0.0.0.0/0 for public APIs): they may open connections to any pod. */
function tenantsWithWideEgress(config: PlatformConfig): string[] {
    if (!config.addons.tenants.enabled) return [];
    const pods = cidrRange(podCidrOf(config))!;
    return config.addons.tenants.namespaces
        .filter((t) => t.egressCidrs.some((c) => cidrRange(c)!.start <= pods.start && cidrRange(c)!.end >= pods.end))
        .map((t) => t.name);
}

describe("network policies: default deny in every platform namespace, allows from the addons' flows", () => {
    for (const [label, source] of Object.entries(plans)) {
        describe(label, () => {
            let plan: Plan;
            let config: PlatformConfig;
            let network: Network;
            let apiServer: Endpoint;
            before(async () => {
                plan = await planOf(source, source.endsWith(".yaml") ? "prod" : undefined);
                config = configOf(source);
                network = networkOf(plan, podCidrOf(config));
                apiServer = { kind: "address", ip: hostIn(config.network.nodeCidr, 5) };
            });

            it("has a default-deny policy (all pods, ingress and egress) in every namespace it creates", () => {
                const denied = new Set(
                    network.policies
                        .filter((p) => p.name === "default-deny" && Object.keys(p.podSelector).length === 0 && p.policyTypes.length === 2)
                        .map((p) => p.namespace),
                );
                const missing = namespacesOf(plan).filter((ns) => !denied.has(ns));
                expect(missing, "namespaces without default-deny").to.deep.equal([]);
            });

            it("writes policies only into namespaces the plan creates", () => {
                const created = new Set(namespacesOf(plan));
                const stray = [...new Set(network.policies.map((p) => p.namespace))].filter((ns) => !created.has(ns));
                expect(stray).to.deep.equal([]);
            });

            it("lets every namespace resolve names, and nothing in from or out to a namespace without a declared flow", () => {
                // Only a proxy or scraper in front of every workload may open connections to any pod.
                // (and a tenant that declared egress to a range holding pod addresses, e.g. 0.0.0.0/0).
                const toEveryPod = (ns: string) => canReach(network, pod(ns), outsider, 12345);
                const proxies = ["traefik", "monitoring", "keda", ...tenantsWithWideEgress(config)];
                for (const ns of namespacesOf(plan)) {
                    expect(canReach(network, pod(ns), coreDns, 53, "UDP"), `${ns} -> DNS`).to.equal(true);
                    expect(canReach(network, outsider, pod(ns), 12345), `outsider -> ${ns}:12345`).to.equal(false);
                    expect(toEveryPod(ns), `${ns} -> outsider:12345`).to.equal(proxies.includes(ns));
                }
            });

            it("lets nothing reach Vault but itself, its secret operators and Prometheus", function () {
                if (!config.addons.vault.enabled) this.skip();
                const expected = ["vault", "monitoring"];
                if (
                    config.addons.externalSecrets.enabled &&
                    network.policies.some((p) => p.namespace === "external-secrets" && p.name === "allow-to-vault")
                )
                    expected.push("external-secrets");
                if (config.addons.vaultSecretsOperator.enabled) expected.push("vault-secrets-operator");
                if (!config.addons.monitoring.enabled) expected.splice(expected.indexOf("monitoring"), 1);
                expect(clientsOf(network, plan, pod("vault"), 8200)).to.deep.equal(expected.sort());
                for (const tenant of config.addons.tenants.enabled ? config.addons.tenants.namespaces : []) {
                    expect(canReach(network, pod(tenant.name), pod("vault"), 8200), `tenant ${tenant.name} -> vault`).to.equal(false);
                }
                expect(canReach(network, apiServer, pod("vault"), 8200), "node network -> vault").to.equal(false);
            });

            it("lets nothing reach the database but its clients (5432) and the operator (status port)", function () {
                if (!config.database.enabled) this.skip();
                const db = config.database.namespace;
                const clients = [...new Set([db, ...config.database.databases.map((d) => d.namespace)])].sort();
                expect(clientsOf(network, plan, pod(db), 5432)).to.deep.equal(clients);
                expect(clientsOf(network, plan, pod(db), 8000)).to.deep.equal([db, "cnpg-system"].sort());
            });

            it("lets the API server call the webhooks, and the ingress controller the UIs", () => {
                if (config.addons.certManager.enabled) expect(canReach(network, apiServer, pod("cert-manager"), 10250)).to.equal(true);
                if (config.addons.kyverno.enabled) expect(canReach(network, apiServer, pod("kyverno"), 9443)).to.equal(true);
                if (config.addons.metricsServer.enabled) expect(canReach(network, apiServer, pod("metrics-server"), 10250)).to.equal(true);
                if (config.addons.traefik.enabled && config.addons.monitoring.enabled) {
                    expect(canReach(network, internet, pod("traefik"), 8443), "internet -> traefik").to.equal(true);
                    // An NLB with IP targets (EKS) sends from its private addresses, Octavia and MetalLB from nodes.
                    const loadBalancer: Endpoint = { kind: "address", ip: hostIn(ingressSourceCidrs(config)[0], 20) };
                    expect(canReach(network, loadBalancer, pod("traefik"), 8443), "load balancer -> traefik").to.equal(true);
                    expect(canReach(network, pod("traefik"), pod("monitoring"), 3000), "traefik -> grafana").to.equal(true);
                    expect(canReach(network, pod("traefik"), pod("monitoring"), 8089), "traefik -> HTTP01 solver").to.equal(true);
                    expect(canReach(network, pod("traefik"), pod("monitoring"), 9090), "traefik -> prometheus").to.equal(false);
                }
            });

            it("lets Prometheus scrape the metrics ports, and only Prometheus", function () {
                if (!config.addons.monitoring.enabled) this.skip();
                if (config.addons.certManager.enabled) {
                    expect(clientsOf(network, plan, pod("cert-manager"), 9402)).to.deep.equal(["cert-manager", "monitoring"]);
                }
                if (config.database.enabled)
                    expect(canReach(network, pod("monitoring"), pod(config.database.namespace), 9187)).to.equal(true);
            });

            it("lets tenants reach only the namespaces they and the target both declare", function () {
                if (!config.addons.tenants.enabled || config.addons.tenants.namespaces.length === 0) this.skip();
                const wide = tenantsWithWideEgress(config);
                for (const tenant of config.addons.tenants.namespaces) {
                    for (const target of namespacesOf(plan).filter((ns) => ns !== tenant.name)) {
                        const leaves = tenant.egressNamespaces.includes(target) || wide.includes(tenant.name);
                        const admitted =
                            network.policies.some((p) => p.namespace === target && p.name === "allow-from-all-namespaces") ||
                            config.addons.tenants.namespaces.some((t) => t.name === target && t.allowFromNamespaces.includes(tenant.name));
                        const declared = leaves && admitted;
                        const reaches = [80, 5432, 8080, 8200, 4317, 15012, 9092, 6379].some((port) =>
                            canReach(network, pod(tenant.name), pod(target), port),
                        );
                        expect(reaches, `${tenant.name} -> ${target}`).to.equal(declared);
                    }
                }
            });

            it("lets only what calls the cloud or the object store out of the cluster", () => {
                for (const ns of ["monitoring", "kyverno", "cert-manager"].filter((n) => namespacesOf(plan).includes(n))) {
                    expect(canReach(network, pod(ns), internet, 443), `${ns} -> internet:443`).to.equal(true);
                }
                for (const ns of ["metrics-server", "tempo", "valkey", "redpanda"].filter((n) => namespacesOf(plan).includes(n))) {
                    expect(canReach(network, pod(ns), internet, 443), `${ns} -> internet:443`).to.equal(false);
                }
            });
        });
    }
});

describe("network policy generator", () => {
    const targets: FlowTargets = {
        addonNamespaces: new Map([
            ["vault", ["vault"]],
            ["monitoring", ["monitoring"]],
        ]),
        nodeCidr: "10.0.0.0/16",
        apiServiceIp: "10.96.0.1",
        ingressNamespace: "traefik",
        ingressCidrs: [],
        ciliumIngress: false,
        objectStore: { port: 443 },
        cloudApiPorts: [443],
        podIdentityAgent: false,
        podCidr: "10.244.0.0/16",
    };

    it("allows a flow between two platform namespaces on both sides, declared on one", () => {
        const policies = platformPolicies(
            [{ namespace: "vault" }, { namespace: "external-secrets", egress: [{ peer: { addon: "vault" }, ports: [8200] }] }],
            targets,
        );
        const names = (ns: string) => policies.get(ns)!.map((p) => p.name);
        expect(names("vault")).to.include("allow-from-external-secrets");
        expect(names("external-secrets")).to.include("allow-to-vault");
        const ingress = policies.get("vault")!.find((p) => p.name === "allow-from-external-secrets")!.spec.ingress as unknown[];
        expect(ingress).to.deep.equal([
            {
                from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "external-secrets" } } }],
                ports: [{ protocol: "TCP", port: 8200 }],
            },
        ]);
    });

    it("drops flows to an addon that is off", () => {
        const policies = platformPolicies([{ namespace: "eso", egress: [{ peer: { addon: "vaultSecretsOperator" } }] }], targets);
        expect(policies.get("eso")!.map((p) => p.name)).to.deep.equal(["default-deny", "allow-dns", "allow-same-namespace"]);
    });

    it("reads the object store's port or in-cluster namespace from backups.objectStore.endpoint", () => {
        const withEndpoint = (endpoint?: string) =>
            objectStoreTarget({ backups: { objectStore: { provider: "swift", bucket: "b", endpoint } } } as unknown as PlatformConfig);
        expect(withEndpoint(undefined)).to.deep.equal({ port: 443 });
        expect(withEndpoint("https://js2.jetstream-cloud.org:8001")).to.deep.equal({ port: 8001 });
        expect(withEndpoint("http://rook-ceph-rgw-store.rook-ceph.svc")).to.deep.equal({ namespace: "rook-ceph" });
    });
});

describe("bare-metal example: Cilium's ingress proxy", () => {
    it("is admitted by a CiliumNetworkPolicy wherever a flow admits the ingress (no standard policy can select it)", async () => {
        const plan = await planOf("examples/baremetal-kubeadm-cilium-ceph.yaml", "prod");
        const policies = resources(plan, "kubernetes:cilium.io/v2:CiliumNetworkPolicy");
        const byNamespace = new Map(policies.map((p) => [(p.inputs.metadata as { namespace: string }).namespace, p.inputs.spec as any]));
        expect([...byNamespace.keys()].sort()).to.deep.equal(["argocd", "monitoring"]);
        expect(byNamespace.get("monitoring").ingress).to.deep.equal([
            {
                fromEntities: ["ingress"],
                toPorts: [
                    {
                        ports: [
                            { port: "3000", protocol: "TCP" },
                            { port: "8089", protocol: "TCP" },
                        ],
                    },
                ],
            },
        ]);
        const cilium = helmRelease(plan, "cilium");
        for (const p of policies) expect(p.dependsOn).to.include(cilium.urn);
        expect((cilium.inputs.values as { policyCIDRMatchMode: string[] }).policyCIDRMatchMode).to.deep.equal(["nodes"]);
    });
});

describe("company cluster example: the mesh next to the NetworkPolicies", () => {
    const file = "examples/company-cluster-argocd-sandboxed.yaml";

    it("runs mutual TLS STRICT mesh-wide and lets only declared callers through, at both layers", async () => {
        const plan = await planOf(file, "prod");
        const config = configOf(file);
        const network = networkOf(plan, podCidrOf(config));
        const mtls = resources(plan, "kubernetes:security.istio.io/v1:PeerAuthentication").find(
            (r) => (r.inputs.metadata as { namespace: string }).namespace === "istio-system",
        )!;
        expect(mtls.inputs.spec).to.deep.equal({ mtls: { mode: "STRICT" } });
        const orders = resources(plan, "kubernetes:security.istio.io/v1:AuthorizationPolicy").find(
            (r) => (r.inputs.metadata as { namespace: string }).namespace === "orders",
        )!;
        expect(orders.inputs.spec).to.deep.equal({
            action: "ALLOW",
            rules: [{ from: [{ source: { namespaces: ["orders", "storefront"] } }] }],
        });
        expect(canReach(network, pod("storefront"), pod("orders"), 8080), "storefront -> orders").to.equal(true);
        expect(canReach(network, pod("traefik"), pod("orders"), 8080), "traefik -> orders").to.equal(false);
        expect(canReach(network, pod("storefront"), pod("istio-system"), 15012), "sidecar -> istiod").to.equal(true);
        expect(
            resources(plan, "kubernetes:node.k8s.io/v1:RuntimeClass")
                .map((r) => r.inputs.handler)
                .sort(),
        ).to.deep.equal(["runsc", "wasmedge"]);
    });
});
