import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import type { TenantNamespace } from "./settings";

// A tenant namespace's NetworkPolicies: deny everything in and out, then allow DNS, traffic inside the
// namespace, the ingress controller, and the egress the tenant declared. Plain specs, so tests read them
// and the addon creates them. (On EKS the VPC CNI enforces these only with its network policy agent on.)

export interface NetworkPolicySpec {
    /** Object name, also the suffix of its Pulumi name. */
    readonly name: string;
    readonly spec: k8s.types.input.networking.v1.NetworkPolicySpec;
}

const byName = (namespace: pulumi.Input<string>) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } } });

/**
 * `ingressCidrs`: where an ingress that is not a pod sends from — the ALB, whose IP targets see the load
 * balancer's VPC addresses.
 */
export function tenantNetworkPolicies(ns: TenantNamespace, ingressNamespaces: readonly pulumi.Input<string>[], ingressCidrs: readonly string[] = []): NetworkPolicySpec[] {
    const all = {}; // an empty podSelector selects every pod of the namespace
    const policies: NetworkPolicySpec[] = [
        { name: "default-deny", spec: { podSelector: all, policyTypes: ["Ingress", "Egress"] } },
        {
            name: "allow-dns",
            spec: {
                podSelector: all,
                policyTypes: ["Egress"],
                egress: [
                    {
                        to: [{ ...byName("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                        ports: [
                            { protocol: "UDP", port: 53 },
                            { protocol: "TCP", port: 53 },
                        ],
                    },
                ],
            },
        },
    ];
    if (ns.allowSameNamespace) {
        policies.push({
            name: "allow-same-namespace",
            spec: { podSelector: all, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: all }] }], egress: [{ to: [{ podSelector: all }] }] },
        });
    }
    if (ns.allowFromIngress && ingressNamespaces.length + ingressCidrs.length > 0) {
        const from = [...ingressNamespaces.map(byName), ...ingressCidrs.map((cidr) => ({ ipBlock: { cidr } }))];
        policies.push({ name: "allow-from-ingress", spec: { podSelector: all, policyTypes: ["Ingress"], ingress: [{ from }] } });
    }
    if (ns.allowFromNamespaces.length > 0) {
        policies.push({ name: "allow-from-namespaces", spec: { podSelector: all, policyTypes: ["Ingress"], ingress: [{ from: ns.allowFromNamespaces.map(byName) }] } });
    }
    if (ns.egressNamespaces.length > 0 || ns.egressCidrs.length > 0) {
        policies.push({
            name: "allow-declared-egress",
            spec: {
                podSelector: all,
                policyTypes: ["Egress"],
                egress: [{ to: [...ns.egressNamespaces.map(byName), ...ns.egressCidrs.map((cidr) => ({ ipBlock: { cidr } }))] }],
            },
        });
    }
    return policies;
}
