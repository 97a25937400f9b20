import { cidrRange } from "../../model/primitives";
import type { Plan } from "./offline";

// Who may talk to whom, computed from a plan's NetworkPolicies with the networking.k8s.io/v1 semantics a
// CNI enforces: a pod selected by any policy of a type (Ingress/Egress) is isolated in that direction and
// allowed only what the union of those policies' rules allows; a connection needs the client's egress and
// the server's ingress. Endpoints are a pod (namespace + labels + IP), or an address outside the pod network
// (the API server and kubelets on the node network, the internet). Pods get an address in the pod CIDR, or in
// the node CIDR on EKS (the VPC CNI gives pods VPC addresses), so ipBlocks match them as a CNI that compares
// addresses would; Cilium never matches pods by ipBlock, which only narrows what is allowed.

export interface PodEndpoint {
    readonly kind: "pod";
    readonly namespace: string;
    readonly labels?: Readonly<Record<string, string>>;
}
export interface AddressEndpoint {
    readonly kind: "address";
    readonly ip: string;
}
export type Endpoint = PodEndpoint | AddressEndpoint;

interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[];
}
interface PolicyPeer {
    podSelector?: LabelSelector;
    namespaceSelector?: LabelSelector;
    ipBlock?: { cidr: string; except?: string[] };
}
interface PolicyPort {
    protocol?: string;
    port?: number | string;
    endPort?: number;
}
interface PolicyRule {
    from?: PolicyPeer[];
    to?: PolicyPeer[];
    ports?: PolicyPort[];
}
export interface Policy {
    readonly namespace: string;
    readonly name: string;
    readonly podSelector: LabelSelector;
    readonly policyTypes: readonly ("Ingress" | "Egress")[];
    readonly ingress: readonly PolicyRule[];
    readonly egress: readonly PolicyRule[];
}

export interface Network {
    readonly policies: readonly Policy[];
    /** Namespace name → its labels (with kubernetes.io/metadata.name, as the API server sets it). */
    readonly namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
    /** The range pods get addresses from. */
    readonly podCidr: string;
}

export function matches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
    if (!selector) return true;
    for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
    for (const e of selector.matchExpressions ?? []) {
        const has = e.key in labels;
        const inValues = has && (e.values ?? []).includes(labels[e.key]);
        const ok = { In: inValues, NotIn: !inValues, Exists: has, DoesNotExist: !has }[e.operator];
        if (!ok) return false;
    }
    return true;
}

function ipNumber(ip: string): number {
    return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function inCidr(ip: string, cidr: string): boolean {
    const range = cidrRange(cidr);
    if (!range) throw new Error(`reachability: "${cidr}" is not an IPv4 CIDR`);
    const n = ipNumber(ip);
    return n >= range.start && n <= range.end;
}

/** A stable address in the pod range for a namespace's pods (so ipBlocks can be evaluated against pods). */
function podAddress(network: Network, namespace: string): string {
    const range = cidrRange(network.podCidr)!;
    let hash = 0;
    for (const c of namespace) hash = (hash * 31 + c.charCodeAt(0)) % 65521;
    const n = range.start + 10 + (hash % (range.end - range.start - 20));
    return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join(".");
}

function labelsOfNamespace(network: Network, namespace: string): Readonly<Record<string, string>> {
    return network.namespaceLabels.get(namespace) ?? { "kubernetes.io/metadata.name": namespace };
}

/** Whether `peer` (in a policy of `policyNamespace`) matches `endpoint`. */
function peerMatches(network: Network, peer: PolicyPeer, policyNamespace: string, endpoint: Endpoint): boolean {
    if (peer.ipBlock) {
        const ip = endpoint.kind === "address" ? endpoint.ip : podAddress(network, endpoint.namespace);
        return inCidr(ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(ip, c));
    }
    if (endpoint.kind !== "pod") return false;
    const nsOk = peer.namespaceSelector
        ? matches(peer.namespaceSelector, labelsOfNamespace(network, endpoint.namespace))
        : endpoint.namespace === policyNamespace;
    return nsOk && matches(peer.podSelector, endpoint.labels ?? {});
}

function portMatches(ports: PolicyPort[] | undefined, port: number, protocol: string): boolean {
    if (!ports || ports.length === 0) return true;
    return ports.some((p) => {
        if ((p.protocol ?? "TCP") !== protocol) return false;
        if (p.port === undefined) return true;
        if (typeof p.port === "string") throw new Error(`reachability: named port "${p.port}" is not modelled`);
        return p.endPort ? port >= p.port && port <= p.endPort : port === p.port;
    });
}

/** Whether the policies of `pod`'s namespace let traffic in (or out) with `other` on `port`. */
type Direction = "Ingress" | "Egress";

function allows(network: Network, pod: PodEndpoint, direction: Direction, other: Endpoint, port: number, protocol: string): boolean {
    const selecting = network.policies.filter(
        (p) => p.namespace === pod.namespace && p.policyTypes.includes(direction) && matches(p.podSelector, pod.labels ?? {}),
    );
    if (selecting.length === 0) return true; // not isolated in this direction
    return selecting.some((p) =>
        (direction === "Ingress" ? p.ingress : p.egress).some((rule) => {
            const peers = direction === "Ingress" ? rule.from : rule.to;
            const anyone = !peers || peers.length === 0;
            const peerOk = anyone || peers.some((peer) => peerMatches(network, peer, p.namespace, other));
            return peerOk && portMatches(rule.ports, port, protocol);
        }),
    );
}

/** Whether `from` may open a connection to `to` on `port`. */
export function canReach(network: Network, from: Endpoint, to: Endpoint, port: number, protocol = "TCP"): boolean {
    const egressOk = from.kind === "address" || allows(network, from, "Egress", to, port, protocol);
    const ingressOk = to.kind === "address" || allows(network, to, "Ingress", from, port, protocol);
    return egressOk && ingressOk;
}

/** The network of a plan: its NetworkPolicies and Namespaces; `podCidr` is where pods get addresses. */
export function networkOf(plan: Plan, podCidr: string): Network {
    const policies: Policy[] = [];
    const namespaceLabels = new Map<string, Record<string, string>>();
    for (const r of plan.resources) {
        type Metadata = { name: string; namespace?: string; labels?: Record<string, string> };
        const metadata = r.inputs.metadata as Metadata | undefined;
        if (r.type === "kubernetes:core/v1:Namespace" && metadata) {
            namespaceLabels.set(metadata.name, { ...metadata.labels, "kubernetes.io/metadata.name": metadata.name });
        }
        if (r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && metadata) {
            type Spec = { podSelector: LabelSelector; policyTypes?: Direction[]; ingress?: PolicyRule[]; egress?: PolicyRule[] };
            const spec = r.inputs.spec as Spec;
            // policyTypes defaults to Ingress, plus Egress when the policy has egress rules.
            const policyTypes = spec.policyTypes ?? (["Ingress", ...(spec.egress ? ["Egress" as const] : [])] as Direction[]);
            policies.push({
                namespace: metadata.namespace ?? "default",
                name: metadata.name,
                podSelector: spec.podSelector,
                policyTypes,
                ingress: spec.ingress ?? [],
                egress: spec.egress ?? [],
            });
        }
    }
    return { policies, namespaceLabels, podCidr };
}
