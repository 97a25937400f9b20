import type * as pulumi from "@pulumi/pulumi";
import {
    defaultDenyPolicy,
    dnsPolicy,
    namespaceNamed as byName,
    sameNamespacePolicy,
    type NetworkPolicySpec,
} from "../../platform/network-policies";
import type { TenantNamespace } from "./settings";

// A tenant namespace's NetworkPolicies: deny everything in and out, then allow DNS, traffic inside the
// namespace, the ingress controller, and the egress the tenant declared. Plain specs, so tests read them
// and the addon creates them. (On EKS the VPC CNI enforces these only with its network policy agent on.)
// The building blocks are the platform namespaces' (platform/network-policies.ts).

export type { NetworkPolicySpec };

/**
 * `ingressCidrs`: where an ingress that is not a pod sends from — the ALB, whose IP targets see the load
 * balancer's addresses in the public subnets.
 */
export function tenantNetworkPolicies(
    ns: TenantNamespace,
    ingressNamespaces: readonly pulumi.Input<string>[],
    ingressCidrs: readonly string[] = [],
): NetworkPolicySpec[] {
    const all = {}; // an empty podSelector selects every pod of the namespace
    const policies: NetworkPolicySpec[] = [defaultDenyPolicy, dnsPolicy];
    if (ns.allowSameNamespace) policies.push(sameNamespacePolicy);
    if (ns.allowFromIngress && ingressNamespaces.length + ingressCidrs.length > 0) {
        const from = [...ingressNamespaces.map(byName), ...ingressCidrs.map((cidr) => ({ ipBlock: { cidr } }))];
        policies.push({ name: "allow-from-ingress", spec: { podSelector: all, policyTypes: ["Ingress"], ingress: [{ from }] } });
    }
    if (ns.allowFromNamespaces.length > 0) {
        policies.push({
            name: "allow-from-namespaces",
            spec: { podSelector: all, policyTypes: ["Ingress"], ingress: [{ from: ns.allowFromNamespaces.map(byName) }] },
        });
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
