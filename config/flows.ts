import type { AddonKey } from "./addon-settings";

// The traffic an addon's pods need, declared as data in its manifest (`flows`): platform/network-policies.ts
// turns it into default-deny NetworkPolicies plus one allow per flow.

/** Who is at the other end of a flow. */
export type FlowPeer =
    /** The API server and kubelets (ingress: webhooks, aggregated APIs; egress: the Kubernetes API). */
    | "apiServer"
    /** Host-network pods and the nodes themselves (node-exporter, kubelet metrics, etcd on control planes). */
    | "nodes"
    /** The monitoring addon's namespace (Prometheus scrapes, Grafana queries). */
    | "monitoring"
    /** The default ingress controller: its namespace, or the node network for load balancers that send from it. */
    | "ingress"
    /** Every pod of the cluster: a collector every application pushes to, a proxy in front of every backend. */
    | "allNamespaces"
    /** Anything outside the cluster: cloud APIs, registries, Git, alert receivers, where nothing narrower exists. */
    | "internet"
    /**
     * Clients through the platform's load balancer: any address, including the load balancer's own in the
     * VPC (an NLB with IP targets sends from its private addresses) and SNAT-ing nodes (Octavia, MetalLB).
     */
    | "loadBalancer"
    /** The cloud's APIs (AWS, OpenStack), with EKS Pod Identity's credential endpoint on EKS. */
    | "cloudApi"
    /** The platform's backup object store: its in-cluster namespace (Rook-Ceph) or the internet on 443. */
    | "objectStore"
    | { readonly addon: AddonKey }
    | { readonly namespace: string };

export interface Flow {
    readonly peer: FlowPeer;
    /** TCP ports on the receiving pods; all ports when omitted. */
    readonly ports?: readonly number[];
    /** UDP ports on the receiving pods. */
    readonly udpPorts?: readonly number[];
}

/** One namespace an addon owns and the traffic its pods need beyond DNS and their own namespace. */
export interface NamespaceFlows {
    readonly namespace: string;
    readonly ingress?: readonly Flow[];
    readonly egress?: readonly Flow[];
}
