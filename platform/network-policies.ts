import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type * as k8sTypes from "@pulumi/kubernetes";
import type { AddonKey } from "../config/addon-settings";
import type { Flow, NamespaceFlows } from "../config/flows";
import type { PlatformConfig } from "../config/types";
import { capabilitiesOf } from "../config/capabilities";
import { cidrRange } from "../model/primitives";
import { resolveEks, subnetPlan } from "../substrates/eks/manifest";
import { namespacesCreatedBy } from "./namespace";

// Zero trust between the platform's own namespaces. Each addon declares, once, who talks to its pods and
// whom its pods talk to (`flows` in its defineAddon); this file turns those declarations into standard
// networking.k8s.io/v1 NetworkPolicies: in every namespace the platform owns, deny everything in and
// out, then allow DNS, traffic inside the namespace, and the declared flows. Enforced by Cilium and, on
// EKS, by the VPC CNI's network policy agent (the vpc-cni managed add-on runs with enableNetworkPolicy).
//
// The API server and the kubelets are not pods: they reach webhooks, aggregated APIs and probes from the
// node network, so "apiServer" is an ipBlock of `network.nodeCidr` (on EKS the VPC, where the control
// plane's ENIs live). Cilium matches node addresses in ipBlocks only with `policyCIDRMatchMode: nodes`,
// which the cilium addon sets. Kubelet probes come from the pod's own node, which both CNIs always admit.

export interface NetworkPolicySpec {
    /** Object name, also the suffix of its Pulumi name. */
    readonly name: string;
    readonly spec: k8sTypes.types.input.networking.v1.NetworkPolicySpec;
}

type Peer = k8sTypes.types.input.networking.v1.NetworkPolicyPeer;
type Port = k8sTypes.types.input.networking.v1.NetworkPolicyPort;

const allPods = {}; // an empty podSelector selects every pod of the namespace
export const namespaceNamed = (namespace: pulumi.Input<string>): Peer => ({
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } },
});
/** The port cert-manager's ACME HTTP01 solver pods listen on. */
const acmeSolverPort = 8089;
/** Kubernetes API: 443 on EKS (and the `kubernetes` Service), 6443 where kubeadm or Magnum run the API server. */
export const apiServerPorts = [443, 6443];

/** Deny everything in and out of every pod of the namespace; the other policies add the allowed flows. */
export const defaultDenyPolicy: NetworkPolicySpec = {
    name: "default-deny",
    spec: { podSelector: allPods, policyTypes: ["Ingress", "Egress"] },
};

/** DNS to the cluster's CoreDNS (labelled k8s-app=kube-dns on EKS, kubeadm and Magnum alike). */
export const dnsPolicy: NetworkPolicySpec = {
    name: "allow-dns",
    spec: {
        podSelector: allPods,
        policyTypes: ["Egress"],
        egress: [
            {
                to: [{ ...namespaceNamed("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                ports: [
                    { protocol: "UDP", port: 53 },
                    { protocol: "TCP", port: 53 },
                ],
            },
        ],
    },
};

export const sameNamespacePolicy: NetworkPolicySpec = {
    name: "allow-same-namespace",
    spec: {
        podSelector: allPods,
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ podSelector: allPods }] }],
        egress: [{ to: [{ podSelector: allPods }] }],
    },
};

/** What the peers of the flows resolve to in one platform: namespaces of enabled addons, the node network. */
export interface FlowTargets {
    /** Namespaces of every enabled addon, by key (an addon that is off resolves to nothing). */
    readonly addonNamespaces: ReadonlyMap<AddonKey, readonly string[]>;
    /** Where the API server, kubelets and host-network pods send from. */
    readonly nodeCidr: string;
    /**
     * The `kubernetes` Service's ClusterIP (the service CIDR's first address): a CNI may judge egress before
     * kube-proxy rewrites it to the API server's address, so both are allowed.
     */
    readonly apiServiceIp: string;
    /** The default ingress controller's namespace; undefined when it is not a pod (ALB) or Cilium's proxy. */
    readonly ingressNamespace: string | undefined;
    /** Where that ingress sends from when it has no namespace (ingressSourceCidrs). */
    readonly ingressCidrs: readonly string[];
    /**
     * Cilium's ingress controller is the default: its proxy's traffic carries Cilium's reserved `ingress`
     * identity, which no standard NetworkPolicy can select, so namespaces it serves also get a
     * CiliumNetworkPolicy admitting that identity on the same ports.
     */
    readonly ciliumIngress: boolean;
    /** The backup object store: its namespace when it runs in the cluster (Rook-Ceph), else its port. */
    readonly objectStore: ObjectStoreTarget;
    /** Ports of the cloud's APIs: 443 on AWS; undefined (any) on OpenStack, whose catalog has a port per service. */
    readonly cloudApiPorts: readonly number[] | undefined;
    /** EKS Pod Identity: pods fetch AWS credentials from the node's agent at 169.254.170.23:80. */
    readonly podIdentityAgent: boolean;
    /** Where pods get addresses (the VPC on EKS): excluded from "internet", so it never means another pod. */
    readonly podCidr: string;
}

/** The targets of one platform, from its config. */
export function flowTargets(config: PlatformConfig, addonNamespaces: ReadonlyMap<AddonKey, readonly string[]>): FlowTargets {
    const traefikIsDefault = config.addons.traefik.enabled && config.addons.traefik.default;
    const cilium = config.addons.cilium;
    return {
        addonNamespaces,
        nodeCidr: config.network.nodeCidr,
        apiServiceIp: firstAddress(config.network.serviceCidr),
        ingressNamespace: traefikIsDefault ? addonNamespaces.get("traefik")?.[0] : undefined,
        ingressCidrs: ingressSourceCidrs(config),
        ciliumIngress: !traefikIsDefault && cilium.enabled && cilium.ingressController.enabled && cilium.ingressController.default,
        objectStore: objectStoreTarget(config),
        cloudApiPorts: config.substrate === "eks" ? [443] : undefined,
        podCidr: config.substrate === "eks" ? config.network.nodeCidr : config.network.podCidr,
        podIdentityAgent: config.substrate === "eks" && capabilitiesOf(config).workloadIdentity === "eks-pod-identity",
    };
}

/**
 * Where an ingress that is not a pod in a namespace sends from. The ALB (IP targets) sends from its own
 * addresses in the public subnets, which pods never get (they live in the private ones); with a VPC the
 * program did not build, the whole VPC. Cilium's ingress proxy runs in the agent on each node.
 */
export function ingressSourceCidrs(config: PlatformConfig): string[] {
    if (config.substrate === "eks") {
        const eks = resolveEks(config);
        return eks.vpcId ? [config.network.nodeCidr] : subnetPlan(config.network.nodeCidr, eks).public;
    }
    return [config.network.nodeCidr];
}

function firstAddress(cidr: string): string {
    const n = cidrRange(cidr)!.start + 1;
    return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join(".");
}

export type ObjectStoreTarget = { readonly namespace: string } | { readonly port: number };

/**
 * Where the backup object store listens, from `backups.objectStore.endpoint`: an in-cluster Service
 * (`http://rook-ceph-rgw-store.rook-ceph.svc`) is its namespace, any other host its port (AWS S3: 443;
 * Jetstream2's Swift S3 API: 8001).
 */
export function objectStoreTarget(config: PlatformConfig): ObjectStoreTarget {
    const endpoint = config.backups.objectStore?.endpoint;
    if (!endpoint) return { port: 443 };
    const url = new URL(endpoint);
    const inCluster = /^[^.]+\.([^.]+)\.svc(\.cluster\.local)?$/.exec(url.hostname);
    if (inCluster) return { namespace: inCluster[1] };
    return { port: url.port ? Number(url.port) : url.protocol === "http:" ? 80 : 443 };
}

/** One side of a resolved flow: a namespace (mirrored when the platform owns it) or peers outside it. */
type Side = { readonly namespace: string } | { readonly slug: string; readonly peers: Peer[] };
interface Rule {
    readonly peers: Peer[];
    readonly ports?: Port[];
}
interface Edge {
    readonly from: Side;
    readonly to: Side;
    readonly rules: Rule[];
}

const tcp = (ports: readonly number[]): Port[] => ports.map((port) => ({ protocol: "TCP", port }));
const block = (cidr: string): Peer[] => [{ ipBlock: { cidr } }];

/** The peers of a flow with their ports; several rules where one peer needs different ports (EKS credentials). */
function sidesOf(flow: Flow, targets: FlowTargets, direction: "Ingress" | "Egress"): (Side & { ports?: Port[] })[] {
    const udp = (flow.udpPorts ?? []).map((port) => ({ protocol: "UDP", port }));
    const declared = flow.ports || flow.udpPorts ? [...tcp(flow.ports ?? []), ...udp] : undefined;
    const external = (slug: string, peers: Peer[], implied?: readonly number[]) => ({
        slug,
        peers,
        ports: declared ?? (implied ? tcp(implied) : undefined),
    });
    const namespaces = (names: readonly string[]) => names.map((namespace) => ({ namespace, ports: declared }));
    const credentials = targets.podIdentityAgent
        ? [{ slug: "pod-identity-agent", peers: block("169.254.170.23/32"), ports: tcp([80]) }]
        : [];
    // Outside the cluster: everything but the pod addresses (AWS APIs through VPC endpoints need a flow of their own).
    const outside: Peer[] = [{ ipBlock: { cidr: "0.0.0.0/0", except: [targets.podCidr] } }];
    const { peer } = flow;
    if (peer === "apiServer" && direction === "Egress") {
        const addresses = [...block(targets.nodeCidr), ...block(`${targets.apiServiceIp}/32`)];
        return [external("api-server", addresses, apiServerPorts)];
    }
    if (peer === "apiServer") return [external("api-server", block(targets.nodeCidr))];
    if (peer === "nodes") return [external("nodes", block(targets.nodeCidr))];
    if (peer === "monitoring") return namespaces(targets.addonNamespaces.get("monitoring") ?? []);
    if (peer === "ingress") {
        // cert-manager's HTTP01 solver pods run next to the Ingress they prove, on 8089, behind the same ingress.
        const ports = declared ? [...declared, ...tcp([acmeSolverPort])] : undefined;
        if (targets.ingressNamespace) return [{ namespace: targets.ingressNamespace, ports }];
        return [{ slug: "ingress", peers: targets.ingressCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports }];
    }
    if (peer === "allNamespaces") return [external("all-namespaces", [{ namespaceSelector: {} }])];
    if (peer === "internet") return [external("internet", outside)];
    if (peer === "loadBalancer") return [external("load-balancer", block("0.0.0.0/0"))];
    if (peer === "cloudApi") return [external("cloud-api", outside, targets.cloudApiPorts), ...credentials];
    if (peer === "objectStore") {
        const store = targets.objectStore;
        if ("namespace" in store) return namespaces([store.namespace]);
        return [external("object-store", outside, [store.port]), ...credentials];
    }
    if ("addon" in peer) return namespaces(targets.addonNamespaces.get(peer.addon) ?? []);
    return namespaces([peer.namespace]);
}

/** Every declared flow as a directed edge between two sides. */
function edgesOf(flows: readonly NamespaceFlows[], targets: FlowTargets): Edge[] {
    const edges: Edge[] = [];
    for (const owner of flows) {
        const self = { namespace: owner.namespace };
        for (const flow of owner.ingress ?? []) {
            for (const side of sidesOf(flow, targets, "Ingress")) {
                edges.push({ from: side, to: self, rules: [ruleOf(side)] });
            }
        }
        for (const flow of owner.egress ?? []) {
            for (const side of sidesOf(flow, targets, "Egress")) {
                edges.push({ from: self, to: side, rules: [ruleOf(side)] });
            }
        }
    }
    return edges;
}

function ruleOf(other: Side & { ports?: Port[] }): Rule {
    const peers = "namespace" in other ? [namespaceNamed(other.namespace)] : other.peers;
    return { peers, ...(other.ports ? { ports: other.ports } : {}) };
}

const slugOf = (side: Side) => ("namespace" in side ? side.namespace : side.slug);

/**
 * The NetworkPolicies of every namespace in `flows`: default deny, DNS, same namespace, then one policy per
 * peer in each direction. A flow between two namespaces the platform owns is declared once, on either side,
 * and allowed on both (egress at the client, ingress at the server).
 */
export function platformPolicies(flows: readonly NamespaceFlows[], targets: FlowTargets): Map<string, NetworkPolicySpec[]> {
    const owned = new Set(flows.map((f) => f.namespace));
    const byNamespace = new Map<string, Map<string, { direction: "Ingress" | "Egress"; rules: Rule[] }>>();
    for (const ns of owned) byNamespace.set(ns, new Map());
    const add = (ns: string, direction: "Ingress" | "Egress", other: Side, rules: Rule[]) => {
        const policies = byNamespace.get(ns);
        if (!policies || ("namespace" in other && other.namespace === ns)) return; // same namespace: always allowed
        const name = `allow-${direction === "Ingress" ? "from" : "to"}-${slugOf(other)}`;
        const policy = policies.get(name) ?? { direction, rules: [] };
        for (const rule of rules) {
            if (!policy.rules.some((r) => JSON.stringify(r) === JSON.stringify(rule))) policy.rules.push(rule);
        }
        policies.set(name, policy);
    };
    for (const edge of edgesOf(flows, targets)) {
        // Between two namespaces each side names the other; towards the outside the rules name the outside.
        const { from, to } = edge;
        const naming = (other: Side) => ("namespace" in other ? mirrored(edge, other.namespace) : edge.rules);
        if ("namespace" in to) add(to.namespace, "Ingress", from, naming(from));
        if ("namespace" in from) add(from.namespace, "Egress", to, naming(to));
    }
    const result = new Map<string, NetworkPolicySpec[]>();
    for (const [ns, policies] of byNamespace) {
        const generated = [...policies]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([name, { direction, rules }]) => ({
                name,
                spec: {
                    podSelector: allPods,
                    policyTypes: [direction],
                    ...(direction === "Ingress"
                        ? { ingress: rules.map((r) => ({ from: r.peers, ...(r.ports ? { ports: r.ports } : {}) })) }
                        : { egress: rules.map((r) => ({ to: r.peers, ...(r.ports ? { ports: r.ports } : {}) })) }),
                },
            }));
        result.set(ns, [defaultDenyPolicy, dnsPolicy, sameNamespacePolicy, ...generated]);
    }
    return result;
}

/** The rule of an edge between two namespaces, naming `peer`. */
function mirrored(edge: Edge, peer: string): Rule[] {
    return edge.rules.map((r) => ({ peers: [namespaceNamed(peer)], ...(r.ports ? { ports: r.ports } : {}) }));
}

/** The CiliumNetworkPolicy specs (by namespace) admitting Cilium's ingress proxy where a flow admits the ingress. */
export function ciliumIngressPolicies(flows: readonly NamespaceFlows[], targets: FlowTargets): Map<string, Record<string, unknown>> {
    const result = new Map<string, Record<string, unknown>>();
    if (!targets.ciliumIngress) return result;
    for (const f of flows) {
        const ingress = (f.ingress ?? []).filter((flow) => flow.peer === "ingress");
        if (ingress.length === 0) continue;
        const allPorts = ingress.some((flow) => !flow.ports);
        const ports = allPorts ? undefined : [...ingress.flatMap((flow) => flow.ports ?? []), acmeSolverPort];
        const toPorts = ports ? [{ ports: ports.map((port) => ({ port: String(port), protocol: "TCP" })) }] : undefined;
        const rule = { fromEntities: ["ingress"], ...(toPorts ? { toPorts } : {}) };
        result.set(f.namespace, { endpointSelector: {}, ingress: [rule] });
    }
    return result;
}

export interface PlatformNetworkPoliciesArgs {
    /** Every enabled addon's declared namespaces and flows, by key. */
    flows: ReadonlyMap<AddonKey, readonly NamespaceFlows[]>;
    targets: FlowTargets;
    /** The component of each addon: where the namespaces the policies go into were created. */
    addons: Partial<Record<AddonKey, pulumi.Resource>>;
}

/** The policies of every namespace the platform owns, each created once its namespace exists. */
export class PlatformNetworkPolicies extends pulumi.ComponentResource {
    /** Namespace → names of its policies. */
    readonly policies: Record<string, string[]> = {};

    constructor(name: string, args: PlatformNetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:platform:NetworkPolicies", name, {}, opts);
        // Each policy waits for its namespace only, so it is applied alongside the addon's release, not after it.
        const created = new Map<string, pulumi.Output<string>>();
        for (const addon of Object.values(args.addons)) {
            for (const ns of namespacesCreatedBy(addon)) created.set(ns.name, ns.resource.metadata.name);
        }
        const generated = platformPolicies([...args.flows.values()].flat(), args.targets);
        for (const [namespace, specs] of generated) {
            for (const policy of specs) {
                new k8s.networking.v1.NetworkPolicy(
                    `${name}-${namespace}-${policy.name}`,
                    {
                        metadata: { name: policy.name, namespace: created.get(namespace) ?? namespace },
                        spec: policy.spec,
                    },
                    { parent: this },
                );
            }
            this.policies[namespace] = specs.map((p) => p.name);
        }
        // Cilium registers its CRDs when its operator starts: these wait for the Cilium release.
        const cilium = args.addons.cilium as { release?: pulumi.Resource } | undefined;
        for (const [namespace, spec] of ciliumIngressPolicies([...args.flows.values()].flat(), args.targets)) {
            new k8s.apiextensions.CustomResource(
                `${name}-${namespace}-allow-from-cilium-ingress`,
                {
                    apiVersion: "cilium.io/v2",
                    kind: "CiliumNetworkPolicy",
                    metadata: { name: "allow-from-cilium-ingress", namespace: created.get(namespace) ?? namespace },
                    spec,
                },
                { parent: this, dependsOn: cilium?.release ? [cilium.release] : [] },
            );
            this.policies[namespace].push("allow-from-cilium-ingress");
        }
        this.registerOutputs({ policies: this.policies });
    }
}

export type { Flow, FlowPeer, NamespaceFlows } from "../config/flows";
