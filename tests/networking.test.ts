import { expect } from "chai";
import { parseConfig } from "../config/config";
import { charts, crdBundles, images } from "../model/versions";
import { cloudsYamlOfCloudConfig } from "../platform/dns-zone";
import { renderCloudConfig } from "../substrates/openstack/cloud";
import lbcPolicy from "../addons/aws-load-balancer-controller/iam-policy.json";
import type { Plan, PlanResource } from "../scripts/lib/offline";
import { expectProblems, helmRelease, planOf, planOfConfig, resource, resources, stackConfigWith, transitiveDependencies } from "./harness";
import { parse } from "yaml";

// Networking addons: Cilium, MetalLB, AWS Load Balancer Controller, Traefik, ExternalDNS and cert-manager's
// solvers, on the substrates they support — pinned charts, real values, PSA labels, identity scoping,
// issuer wiring from the ingress output, and refusals where an addon does not belong.

const RELEASE = "kubernetes:helm.sh/v3:Release";
const values = (r: PlanResource) => r.inputs.values as Record<string, any>;
const nsLabels = (plan: Plan, name: string) =>
    (resource(plan, "kubernetes:core/v1:Namespace", name).inputs.metadata as any).labels as Record<string, string>;
const expectPinned = (release: PlanResource, pin: { chart: string; repo: string; version: string }) => {
    expect(release.inputs.chart).to.equal(pin.chart);
    expect(release.inputs.version).to.equal(pin.version);
    expect((release.inputs.repositoryOpts as { repo: string }).repo).to.equal(pin.repo);
};
/** The inline IAM policy document attached to the role of `roleName` (EKS workload identity). */
const rolePolicy = (plan: Plan, roleName: string) => {
    const role = resource(plan, "aws:iam/role:Role", roleName);
    const policy = resources(plan, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === roleName);
    expect(policy, `inline policy of ${roleName}`).to.not.equal(undefined);
    return { trust: JSON.parse(role.inputs.assumeRolePolicy as string), policy: JSON.parse(policy!.inputs.policy as string) };
};

// Self-contained configs (not the committed stacks, which other addons keep growing): only the
// networking addons and what they need.

/** Prod on bare metal (the bare-metal reference platform's shape): Cilium CNI, MetalLB, Traefik, cert-manager. */
function bareMetalConfig(addons: Record<string, unknown> = {}, patch: Record<string, unknown> = {}): Record<string, unknown> {
    return merge(
        {
            "groundwork:environment": "prod",
            "groundwork:substrate": "existing",
            "groundwork:kubeconfig": { secure: "v1:placeholder" },
            "groundwork:cluster": {
                name: "ocf",
                kubernetesVersion: "1.33",
                existing: { kubeconfig: "kubeconfig", loadBalancer: "metallb" },
            },
            "groundwork:tls": { issuer: "letsencrypt-production", acmeEmail: "platform@example.org" },
            "groundwork:backups": { enabled: false },
            "groundwork:addons": merge(
                {
                    certManager: { enabled: true },
                    cilium: { kubeProxyReplacement: true, hubble: { relay: true } },
                    metallb: { enabled: true, pools: [{ name: "public", addresses: ["192.0.2.240-192.0.2.250"] }] },
                    traefik: { enabled: true },
                },
                addons,
            ),
        },
        patch,
    );
}

/** EKS with a Route53 zone (the EKS reference platform's shape). */
function eksConfig(
    addons: Record<string, unknown> = {},
    patch: Record<string, unknown> = {},
    environment = "prod",
): Record<string, unknown> {
    return merge(
        {
            "groundwork:environment": environment,
            "groundwork:substrate": "eks",
            "groundwork:cluster": {
                name: `groundwork-${environment}`,
                kubernetesVersion: "1.33",
                nodePools: [{ name: "general", size: "m6i.large", min: 3, max: 6, desired: 3 }],
                eks: { region: "eu-west-1" },
            },
            "groundwork:network": { zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] },
            "groundwork:dns": { provider: "route53", zone: "example.com" },
            "groundwork:tls": { issuer: "letsencrypt-production", acmeEmail: "platform@example.com" },
            "groundwork:backups": { enabled: false },
            "groundwork:addons": merge({ certManager: { enabled: true }, traefik: { enabled: true } }, addons),
        },
        patch,
    );
}

/** Deep merge of config maps; `null` deletes a key. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
        const b = out[k];
        if (v === null) delete out[k];
        else if (
            v &&
            typeof v === "object" &&
            !Array.isArray(v) &&
            b &&
            typeof b === "object" &&
            !Array.isArray(b) &&
            !("secure" in (v as object))
        ) {
            out[k] = merge(b as Record<string, unknown>, v as Record<string, unknown>);
        } else out[k] = v;
    }
    return out;
}

/** Prod on Magnum with a Designate zone (the Magnum (Jetstream2) reference platform's shape). */
function magnumConfig(addons: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        "groundwork:environment": "prod",
        "groundwork:substrate": "magnum",
        "groundwork:osAppCredId": { secure: "v1:placeholder" },
        "groundwork:osAppCredSecret": { secure: "v1:placeholder" },
        "groundwork:cluster": {
            name: "mswa",
            kubernetesVersion: "1.33",
            nodePools: [{ name: "workers", size: "m3.medium", min: 2, max: 5, desired: 3 }],
            magnum: {
                driver: "capi-helm",
                cloud: {
                    authUrl: "https://keystone.example.org:5000/v3",
                    region: "IU",
                    applicationCredentialId: "osAppCredId",
                    applicationCredentialSecret: "osAppCredSecret",
                },
                image: "ubuntu-jammy-kube-v1.33.2",
                masterFlavor: "m3.small",
                masterCount: 3,
                externalNetwork: "public",
                networkDriver: "calico",
                defaultStorageClass: "csi-cinder",
            },
        },
        "groundwork:network": { nodeCidr: "10.0.0.0/24", podCidr: "172.16.0.0/13", serviceCidr: "172.24.0.0/13" },
        "groundwork:dns": { provider: "designate", zone: "team.example.org" },
        "groundwork:tls": { issuer: "letsencrypt-production", acmeEmail: "platform@example.org" },
        "groundwork:backups": { enabled: false },
        "groundwork:addons": merge({ certManager: { enabled: true } }, addons),
    };
}

const plans = new Map<string, Promise<Plan>>();
const cached = (key: string, config: () => Record<string, unknown>, stack = "prod") => {
    if (!plans.has(key)) plans.set(key, planOfConfig(config(), stack));
    return plans.get(key)!;
};
const bareMetalPlan = () => cached("bare-metal", () => bareMetalConfig());
const eksPlan = () => cached("eks", () => eksConfig({ externalDns: { enabled: true } }));
const magnumPlan = () => cached("magnum", () => magnumConfig({ externalDns: { enabled: true } }));

/** Parses a `config:` map (as written in Pulumi.<stack>.yaml) without planning it. */
function parsed(config: Record<string, unknown>) {
    const values: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    for (const [k, v] of Object.entries(config)) {
        const key = k.replace(/^groundwork:/, "");
        if (typeof v === "object" && v !== null && "secure" in v) secretKeys.push(key);
        else values[key] = v;
    }
    return parseConfig({ values, secretKeys });
}
/** The refusal message of a config that must not parse. */
const refusal = (config: Record<string, unknown>) => expectProblems(() => parsed(config));

describe("addon: cilium", () => {
    it("installs the pinned chart into kube-system as the bare-metal CNI, with its pod CIDR and kube-proxy replacement", async () => {
        const plan = await bareMetalPlan();
        const release = helmRelease(plan, "cilium");
        expectPinned(release, charts.cilium);
        expect(release.inputs.namespace).to.equal("kube-system");
        // kube-system exists on every cluster: the program neither creates nor relabels it.
        expect(resources(plan, "kubernetes:core/v1:Namespace").map((n) => (n.inputs.metadata as any).name)).to.not.include("kube-system");
        const v = values(release);
        expect(v.ipam).to.deep.equal({
            mode: "cluster-pool",
            operator: { clusterPoolIPv4PodCIDRList: ["10.244.0.0/16"], clusterPoolIPv4MaskSize: 24 },
        });
        expect(v.kubeProxyReplacement).to.equal(true);
        expect(v.k8sServiceHost).to.equal("auto");
        expect(v.operator.replicas).to.equal(2);
        expect(v.hubble).to.deep.equal({ enabled: true, relay: { enabled: true }, ui: { enabled: false } });
        expect(v.ingressController).to.deep.equal({ enabled: false });
    });

    it("is wave 1: no other release waits on it (only on the shared cluster provider)", async () => {
        const plan = await bareMetalPlan();
        const cilium = helmRelease(plan, "cilium");
        for (const other of resources(plan, RELEASE).filter((r) => r.name !== "cilium")) {
            expect(transitiveDependencies(plan, other.urn), other.name).to.not.include(cilium.urn);
        }
    });

    it("is on by default on existing clusters, and off on kind (dev brings its own CNI)", () => {
        expect(parsed(bareMetalConfig({ cilium: null })).addons.cilium.enabled).to.equal(true);
        expect(parsed(stackConfigWith("dev", {})).addons.cilium.enabled).to.equal(false);
        expect(parsed(eksConfig()).addons.cilium.enabled).to.equal(false);
    });

    it("chains behind the VPC CNI on EKS by default, or takes over IPAM with ENI mode (and parks aws-node)", async () => {
        const chaining = await cached("eks-cilium-chaining", () => eksConfig({ cilium: { enabled: true } }));
        const v = values(helmRelease(chaining, "cilium"));
        expect(v.cni).to.deep.equal({ chainingMode: "aws-cni", exclusive: false });
        expect(v.enableIPv4Masquerade).to.equal(false);
        expect(v.routingMode).to.equal("native");
        expect(resources(chaining, "kubernetes:apps/v1:DaemonSetPatch")).to.have.length(0);

        const eni = await cached("eks-cilium-eni", () => eksConfig({ cilium: { enabled: true, eksMode: "eni" } }));
        const release = helmRelease(eni, "cilium");
        expect(values(release).eni).to.deep.equal({ enabled: true });
        expect(values(release).ipam).to.deep.equal({ mode: "eni" });
        const patch = resource(eni, "kubernetes:apps/v1:DaemonSetPatch", "cilium-aws-node-off");
        expect((patch.inputs.spec as any).template.spec.nodeSelector).to.deep.equal({ "io.cilium/aws-node-enabled": "true" });
        expect(release.dependsOn).to.include(patch.urn);
    });

    it("offers its ingress controller as the default class, which cert-manager's HTTP01 solver then uses", async () => {
        const plan = await cached("cilium-ingress", () =>
            bareMetalConfig(
                {},
                { "groundwork:addons": { traefik: { enabled: false }, cilium: { ingressController: { enabled: true, default: true } } } },
            ),
        );
        const v = values(helmRelease(plan, "cilium"));
        expect(v.ingressController).to.deep.include({ enabled: true, default: true, loadbalancerMode: "shared", enforceHttps: true });
        expect(v.ingressController.service).to.deep.equal({ type: "LoadBalancer", annotations: { "metallb.io/address-pool": "public" } });
        const issuer = resource(plan, "kubernetes:cert-manager.io/v1:ClusterIssuer", "cert-manager-letsencrypt-production");
        expect((issuer.inputs.spec as any).acme.solvers).to.deep.equal([{ http01: { ingress: { ingressClassName: "cilium" } } }]);
    });
});

describe("addon: metallb", () => {
    it("installs the pinned chart without the FRR-K8s backend into a privileged namespace", async () => {
        const plan = await bareMetalPlan();
        const release = helmRelease(plan, "metallb");
        expectPinned(release, charts.metallb);
        expect(values(release).frrk8s).to.deep.equal({ enabled: false });
        expect(values(release).crds).to.deep.equal({ enabled: true });
        expect(nsLabels(plan, "metallb-ns")["pod-security.kubernetes.io/enforce"]).to.equal("privileged");
        expect(nsLabels(plan, "metallb-ns")["pod-security.kubernetes.io/warn"]).to.equal("restricted");
    });

    it("creates the configured pools and their L2 advertisement after the release", async () => {
        const plan = await bareMetalPlan();
        const release = helmRelease(plan, "metallb");
        const pool = resource(plan, "kubernetes:metallb.io/v1beta1:IPAddressPool", "metallb-ipaddresspool-public");
        expect(pool.inputs.spec).to.deep.equal({ addresses: ["192.0.2.240-192.0.2.250"], autoAssign: true });
        expect((pool.inputs.metadata as any).namespace).to.equal("metallb-system");
        const l2 = resource(plan, "kubernetes:metallb.io/v1beta1:L2Advertisement", "metallb-l2advertisement-l2");
        expect(l2.inputs.spec).to.deep.equal({ ipAddressPools: ["public"] });
        for (const cr of [pool, l2]) expect(cr.dependsOn).to.include(release.urn);
    });

    it("peers over BGP with a password from secret config", async () => {
        const plan = await cached("metallb-bgp", () =>
            bareMetalConfig(
                {},
                {
                    "groundwork:bgpPassword": { secure: "v1:placeholder" },
                    "groundwork:addons": {
                        metallb: {
                            mode: "bgp",
                            pools: [{ name: "public", addresses: ["198.51.100.0/27"] }],
                            bgp: {
                                myASN: 64512,
                                peers: [{ name: "tor1", peerAddress: "10.0.0.1", peerASN: 64500, password: "bgpPassword" }],
                            },
                        },
                    },
                },
            ),
        );
        const peer = resource(plan, "kubernetes:metallb.io/v1beta2:BGPPeer", "metallb-bgppeer-tor1");
        expect(peer.inputs.spec).to.deep.equal({
            myASN: 64512,
            peerASN: 64500,
            peerAddress: "10.0.0.1",
            passwordSecret: { name: "bgp-tor1", namespace: "metallb-system" },
        });
        const secret = resource(plan, "kubernetes:core/v1:Secret", "metallb-bgp-tor1");
        expect(secret.inputs.type).to.equal("kubernetes.io/basic-auth");
        expect(JSON.stringify(secret.inputs)).to.not.contain("offline-");
        expect(resource(plan, "kubernetes:metallb.io/v1beta1:BGPAdvertisement", "metallb-bgpadvertisement-bgp").inputs.spec).to.deep.equal({
            ipAddressPools: ["public"],
        });
        expect(resources(plan, "kubernetes:metallb.io/v1beta1:L2Advertisement")).to.have.length(0);
    });

    it("refuses pool addresses that are neither a CIDR nor a range", () => {
        const message = refusal(
            bareMetalConfig(
                {},
                { "groundwork:addons": { metallb: { pools: [{ name: "public", addresses: ["192.0.2.0/33", "192.0.2.9-192.0.2.1"] }] } } },
            ),
        );
        expect(message).to.contain(
            'addons.metallb.pools[0].addresses[0]: expected a CIDR such as 192.168.10.0/24 or a range such as 192.168.10.10-192.168.10.50, got "192.0.2.0/33"',
        );
        expect(message).to.contain(
            'addons.metallb.pools[0].addresses[1]: expected a range whose first address is not after its last, got "192.0.2.9-192.0.2.1"',
        );
    });
});

describe("addon: traefik (the default ingress)", () => {
    it("installs the pinned chart with the default IngressClass and an HTTP to HTTPS redirect (chart >= v39 key)", async () => {
        const plan = await bareMetalPlan();
        const release = helmRelease(plan, "traefik");
        expectPinned(release, charts.traefik);
        const v = values(release);
        expect(v.ingressClass).to.deep.equal({ enabled: true, isDefaultClass: true, name: "traefik" });
        expect(v.ports.web.http.redirections.entryPoint).to.deep.equal({ to: "websecure", scheme: "https", permanent: true });
        expect(nsLabels(plan, "traefik-ns")["pod-security.kubernetes.io/enforce"]).to.equal("restricted");
    });

    it("applies Traefik's CRD bundle itself (so upgrades reach the CRDs) and installs the chart without them", async () => {
        const plan = await planOf("dev");
        const crds = resource(plan, "kubernetes:yaml/v2:ConfigFile", "traefik-crds");
        expect(crds.inputs.file).to.equal(crdBundles.traefik.url);
        expect(crds.options.retainOnDelete).to.equal(true);
        const release = helmRelease(plan, "traefik");
        expect(release.inputs.skipCrds).to.equal(true);
        expect(release.dependsOn).to.include(crds.urn);
    });

    it("runs two replicas with a PodDisruptionBudget in prod, one in dev", async () => {
        const prod = values(helmRelease(await bareMetalPlan(), "traefik"));
        const dev = values(helmRelease(await planOf("dev"), "traefik"));
        expect(prod.deployment.replicas).to.equal(2);
        expect(prod.podDisruptionBudget).to.deep.equal({ enabled: true, maxUnavailable: 1 });
        expect(dev.deployment.replicas).to.equal(1);
        expect(dev.podDisruptionBudget).to.deep.equal({ enabled: false });
    });

    it("annotates its Service for the substrate's load balancer", async () => {
        const service = async (plan: Promise<Plan>) => values(helmRelease(await plan, "traefik")).service;
        expect(await service(bareMetalPlan())).to.deep.equal({
            annotations: { "metallb.io/address-pool": "public" },
            spec: { type: "LoadBalancer" },
        });
        // kind has no load balancer: a NodePort, or Helm would wait forever for an address.
        expect(await service(planOf("dev"))).to.deep.equal({ annotations: {}, spec: { type: "NodePort" } });
        expect((await service(eksPlan())).annotations).to.deep.equal({
            "service.beta.kubernetes.io/aws-load-balancer-type": "external",
            "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
        });
        const octavia = (await service(magnumPlan())).annotations;
        expect(octavia["service.beta.kubernetes.io/openstack-internal-load-balancer"]).to.equal("false");
        expect(octavia).to.have.property("loadbalancer.openstack.org/floating-network-id");
    });

    it("on EKS waits for the Load Balancer Controller, so destroy removes the NLB before the controller", async () => {
        const plan = await eksPlan();
        expect(helmRelease(plan, "traefik").dependsOn).to.include(helmRelease(plan, "aws-load-balancer-controller").urn);
    });
});

describe("addon: aws-load-balancer-controller", () => {
    it("installs the pinned chart for this cluster, HA in prod, without taking over every LoadBalancer Service", async () => {
        const plan = await eksPlan();
        const release = helmRelease(plan, "aws-load-balancer-controller");
        expectPinned(release, charts.awsLoadBalancerController);
        const v = values(release);
        expect(v.clusterName).to.equal("groundwork-prod");
        expect(v.region).to.equal("eu-west-1");
        expect(v.vpcId).to.be.a("string").and.not.equal("");
        expect(v.replicaCount).to.equal(2);
        expect(v.podDisruptionBudget).to.deep.equal({ maxUnavailable: 1 });
        expect(v.enableServiceMutatorWebhook).to.equal(false);
        expect(v.serviceAccount.name).to.equal("aws-load-balancer-controller");
        expect(v.ingressClass).to.equal("alb");
        expect(v.ingressClassConfig).to.deep.equal({ default: false });
        expect(nsLabels(plan, "aws-load-balancer-controller-ns")["pod-security.kubernetes.io/enforce"]).to.equal("restricted");
    });

    it("gets the upstream IAM policy through a role only its service account can assume", async () => {
        const plan = await eksPlan();
        const { trust, policy } = rolePolicy(plan, "groundwork-prod-aws-load-balancer-controller");
        expect(policy).to.deep.equal(lbcPolicy);
        expect(policy.Statement).to.have.length(16);
        expect(JSON.stringify(trust)).to.contain('"aws:RequestTag/kubernetes-namespace":"aws-load-balancer-controller"');
        expect(JSON.stringify(trust)).to.contain('"aws:RequestTag/kubernetes-service-account":"aws-load-balancer-controller"');
        const release = helmRelease(plan, "aws-load-balancer-controller");
        expect(transitiveDependencies(plan, release.urn)).to.include(
            resource(plan, "aws:iam/role:Role", "groundwork-prod-aws-load-balancer-controller").urn,
        );
    });

    it("can make the ALB class the default ingress instead of Traefik (the EKS reference platform)", async () => {
        const plan = await cached("alb-default", () =>
            eksConfig({ traefik: { enabled: false }, awsLoadBalancerController: { ingressClass: { default: true } } }),
        );
        expect(values(helmRelease(plan, "aws-load-balancer-controller")).ingressClassConfig).to.deep.equal({ default: true });
        const issuer = resource(plan, "kubernetes:cert-manager.io/v1:ClusterIssuer", "cert-manager-letsencrypt-production");
        expect((issuer.inputs.spec as any).acme.solvers).to.deep.include({ http01: { ingress: { ingressClassName: "alb" } } });
    });
});

describe("addon: external-dns", () => {
    it("writes Route53 records of dns.zone with the cluster as TXT owner, upsert-only in prod", async () => {
        const plan = await eksPlan();
        const release = helmRelease(plan, "external-dns");
        expectPinned(release, charts.externalDns);
        const v = values(release);
        expect(v.provider).to.deep.equal({ name: "aws" });
        expect(v.txtOwnerId).to.equal("groundwork-prod");
        expect(v.policy).to.equal("upsert-only");
        expect(v.domainFilters).to.deep.equal(["example.com"]);
        expect(nsLabels(plan, "external-dns-ns")["pod-security.kubernetes.io/enforce"]).to.equal("restricted");
    });

    it("syncs (deletes stale records) in dev", async () => {
        const plan = await cached("eks-dev", () => eksConfig({ externalDns: { enabled: true } }, {}, "dev"), "dev");
        expect(values(helmRelease(plan, "external-dns")).policy).to.equal("sync");
    });

    it("may change records in the configured hosted zone only", async () => {
        const plan = await eksPlan();
        const { trust, policy } = rolePolicy(plan, "groundwork-prod-external-dns");
        const change = policy.Statement.find((s: any) => s.Action.includes("route53:ChangeResourceRecordSets"));
        const zoneArn = change.Resource[0] as string;
        expect(change.Resource).to.have.length(1);
        expect(zoneArn).to.match(/^arn:aws:route53:::hostedzone\/Z[A-Z0-9]+$/);
        expect(values(helmRelease(plan, "external-dns")).extraArgs["zone-id-filter"]).to.equal(zoneArn.split("/")[1]);
        const others = policy.Statement.filter((s: any) => s !== change).flatMap((s: any) => s.Action);
        expect(others.every((a: string) => /^route53:List/.test(a))).to.equal(true);
        expect(JSON.stringify(trust)).to.contain('"aws:RequestTag/kubernetes-service-account":"external-dns"');
    });

    it("uses the Designate webhook with a clouds.yaml Secret on OpenStack", async () => {
        const plan = await magnumPlan();
        const v = values(helmRelease(plan, "external-dns"));
        expect(v.provider.name).to.equal("webhook");
        expect(v.provider.webhook.image).to.deep.equal({
            repository: images.externalDnsOpenstackWebhook.image,
            tag: images.externalDnsOpenstackWebhook.tag,
        });
        expect(v.provider.webhook.extraVolumeMounts).to.deep.equal([{ name: "clouds-yaml", mountPath: "/etc/openstack/", readOnly: true }]);
        expect(v.extraVolumes).to.deep.equal([{ name: "clouds-yaml", secret: { secretName: "external-dns-openstack" } }]);
        const secret = resource(plan, "kubernetes:core/v1:Secret", "external-dns-clouds");
        expect(JSON.stringify(secret.inputs)).to.not.contain("offline-");
        expect(v.txtOwnerId).to.equal("mswa");
    });

    it("builds the Designate clouds.yaml from the cluster's cloud.conf", () => {
        const conf = renderCloudConfig({
            Global: {
                "auth-url": "https://keystone.example.org/v3",
                region: "RegionOne",
                "application-credential-id": "id1",
                "application-credential-secret": 'se"cret',
            },
        });
        const doc = parse(cloudsYamlOfCloudConfig(conf));
        expect(doc.clouds.openstack).to.deep.include({ region_name: "RegionOne", auth_type: "v3applicationcredential" });
        expect(doc.clouds.openstack.auth).to.deep.equal({
            auth_url: "https://keystone.example.org/v3",
            application_credential_id: "id1",
            application_credential_secret: 'se"cret',
        });
    });
});

describe("cert-manager: solvers", () => {
    it("takes the HTTP01 ingress class from the default ingress addon, unless overridden", async () => {
        const solvers = (plan: Plan) =>
            (resource(plan, "kubernetes:cert-manager.io/v1:ClusterIssuer", "cert-manager-letsencrypt-staging").inputs.spec as any).acme
                .solvers;
        expect(solvers(await bareMetalPlan())).to.deep.equal([{ http01: { ingress: { ingressClassName: "traefik" } } }]);
        const overridden = await cached("http01-override", () =>
            bareMetalConfig({}, { "groundwork:addons": { certManager: { http01IngressClass: "nginx" } } }),
        );
        expect(solvers(overridden)).to.deep.equal([{ http01: { ingress: { ingressClassName: "nginx" } } }]);
    });

    it("solves dns.zone with Route53 DNS01 on EKS through a TXT-only role for that zone, HTTP01 elsewhere", async () => {
        const plan = await eksPlan();
        const spec = resource(plan, "kubernetes:cert-manager.io/v1:ClusterIssuer", "cert-manager-letsencrypt-production").inputs
            .spec as any;
        const [dns01, http01] = spec.acme.solvers;
        expect(dns01.selector).to.deep.equal({ dnsZones: ["example.com"] });
        expect(dns01.dns01.route53.region).to.equal("eu-west-1");
        expect(dns01.dns01.route53.hostedZoneID).to.match(/^Z[A-Z0-9]+$/);
        expect(http01).to.deep.equal({ http01: { ingress: { ingressClassName: "traefik" } } });

        const { trust, policy } = rolePolicy(plan, "groundwork-prod-cert-manager-dns01");
        const change = policy.Statement.find((s: any) => ([] as string[]).concat(s.Action).includes("route53:ChangeResourceRecordSets"));
        expect(change.Resource).to.equal(`arn:aws:route53:::hostedzone/${dns01.dns01.route53.hostedZoneID}`);
        expect(change.Condition).to.deep.equal({ "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] } });
        expect(JSON.stringify(trust)).to.contain('"aws:RequestTag/kubernetes-namespace":"cert-manager"');
        const release = helmRelease(plan, "cert-manager");
        expect(values(release)).to.have.nested.property("serviceAccount.annotations");
        expect(transitiveDependencies(plan, release.urn)).to.include(
            resource(plan, "aws:iam/role:Role", "groundwork-prod-cert-manager-dns01").urn,
        );
    });

    it("solves dns.zone with the Designate webhook on OpenStack (the Magnum (Jetstream2) reference platform)", async () => {
        const plan = await magnumPlan();
        const spec = resource(plan, "kubernetes:cert-manager.io/v1:ClusterIssuer", "cert-manager-letsencrypt-production").inputs
            .spec as any;
        expect(spec.acme.solvers[0]).to.deep.equal({
            selector: { dnsZones: ["team.example.org"] },
            dns01: { webhook: { groupName: "acme.syseleven.de", solverName: "designatedns" } },
        });
        expect(spec.acme.solvers[1]).to.deep.equal({ http01: { ingress: { ingressClassName: "traefik" } } });
        const webhook = helmRelease(plan, "designate-certmanager-webhook");
        expectPinned(webhook, charts.designateCertmanagerWebhook);
        expect(webhook.inputs.namespace).to.equal("cert-manager");
        expect(values(webhook).image).to.deep.equal({ repository: images.designateCertmanagerWebhook.image, tag: "0.4.0" });
        expect(values(webhook).alpine.image.tag).to.not.equal("latest");
        // Its chart creates cert-manager Issuers/Certificates: after the CRDs and cert-manager's webhook.
        const deps = transitiveDependencies(plan, webhook.urn);
        expect(deps).to.include(helmRelease(plan, "cert-manager").urn);
        expect(deps).to.include(resource(plan, "kubernetes:core/v1:Secret", "cert-manager-designate-credentials").urn);
    });
});

describe("the bare-metal reference platform example (bare metal)", () => {
    it("plans with Cilium as CNI and default ingress, MetalLB's pool behind it, and HTTP01 through it", async () => {
        const plan = await planOf("examples/baremetal-kubeadm-cilium-ceph.yaml");
        const cilium = values(helmRelease(plan, "cilium"));
        expect(cilium.kubeProxyReplacement).to.equal(true);
        expect(cilium.ingressController).to.deep.include({ enabled: true, default: true, loadbalancerMode: "shared" });
        expect(cilium.ingressController.service.annotations).to.deep.equal({ "metallb.io/address-pool": "public" });
        expect(resources(plan, RELEASE).map((r) => r.name)).to.not.include("traefik");
        expect(resource(plan, "kubernetes:metallb.io/v1beta1:IPAddressPool", "metallb-ipaddresspool-public").inputs.spec).to.deep.include({
            addresses: ["169.229.226.200-169.229.226.220"],
        });
        const issuer = resource(plan, "kubernetes:cert-manager.io/v1:ClusterIssuer", "cert-manager-letsencrypt-production");
        expect((issuer.inputs.spec as any).acme.solvers).to.deep.equal([{ http01: { ingress: { ingressClassName: "cilium" } } }]);
    });
});

describe("networking refusals", () => {
    it("refuses MetalLB on EKS", () => {
        expect(refusal(eksConfig({ metallb: { enabled: true, pools: [{ name: "p", addresses: ["10.1.0.0/28"] }] } }))).to.contain(
            '  - addons.metallb.enabled: expected false on substrate "eks" (metallb runs on existing), got true',
        );
    });

    it("refuses MetalLB on an existing cluster whose load balancer is not metallb", () => {
        expect(
            refusal(
                stackConfigWith("dev", {
                    "groundwork:addons": { metallb: { enabled: true, pools: [{ name: "p", addresses: ["10.1.0.0/28"] }] } },
                }),
            ),
        ).to.contain('  - cluster.existing.loadBalancer: expected "metallb" because addons.metallb is enabled, got "none"');
    });

    it("refuses the AWS Load Balancer Controller outside EKS", () => {
        expect(refusal(bareMetalConfig({}, { "groundwork:addons": { awsLoadBalancerController: { enabled: true } } }))).to.contain(
            '  - addons.awsLoadBalancerController.enabled: expected false on substrate "existing" (awsLoadBalancerController runs on eks), got true',
        );
    });

    it("refuses Cilium on Magnum, whose template brings the CNI", () => {
        expect(refusal(magnumConfig({ cilium: { enabled: true } }))).to.contain(
            '  - addons.cilium.enabled: expected false on substrate "magnum" (cilium runs on eks, nova, existing), got true',
        );
    });

    it("refuses ExternalDNS without a DNS provider and zone", () => {
        const message = refusal(bareMetalConfig({}, { "groundwork:addons": { externalDns: { enabled: true } } }));
        expect(message).to.contain(
            '  - dns.provider: expected "route53" or "designate" because addons.externalDns writes DNS records, got "none"',
        );
        expect(refusal(eksConfig({ externalDns: { enabled: true } }, { "groundwork:dns": { zone: null } }))).to.contain(
            "  - dns.zone: expected the zone addons.externalDns writes records into, got nothing",
        );
    });

    it("refuses two default ingress classes, and none", () => {
        expect(
            refusal(bareMetalConfig({}, { "groundwork:addons": { cilium: { ingressController: { enabled: true, default: true } } } })),
        ).to.contain(
            "  - addons.cilium.ingressController.default: expected exactly one default IngressClass, got 2 (traefik by addons.traefik.default, cilium by addons.cilium.ingressController.default)",
        );
        expect(refusal(bareMetalConfig({}, { "groundwork:addons": { traefik: { default: false } } }))).to.contain(
            "  - addons.traefik.default: expected exactly one default IngressClass (set addons.traefik.default to true), got none",
        );
    });

    it("refuses Cilium ingress without kube-proxy replacement", () => {
        expect(
            refusal(
                bareMetalConfig(
                    {},
                    {
                        "groundwork:addons": {
                            traefik: { enabled: false },
                            cilium: { kubeProxyReplacement: false, ingressController: { enabled: true, default: true } },
                        },
                    },
                ),
            ),
        ).to.contain(
            "  - addons.cilium.kubeProxyReplacement: expected true because addons.cilium.ingressController.enabled needs it, got false",
        );
    });

    it("refuses ACME issuers with neither an ingress for HTTP01 nor a DNS zone for DNS01", () => {
        expect(refusal(bareMetalConfig({}, { "groundwork:addons": { traefik: { enabled: false } } }))).to.contain(
            '  - addons.certManager.http01IngressClass: expected an IngressClass for ACME HTTP01 challenges (no ingress addon is enabled and dns.provider is "none"), got nothing',
        );
    });
});
