import type * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "./cluster/handle";
import type { AddonInstances } from "./addon";

// The platform's ingress, whichever addon provides it: Traefik (the default), Cilium's ingress controller
// (bare metal, the bare-metal reference platform) or the AWS Load Balancer Controller's ALB class (EKS, the EKS reference platform). Each of them
// exposes an `ingress: IngressInfo`; consumers (cert-manager's HTTP01 solver, addons with a UI) take the
// default one from here instead of naming a class themselves. Not an addon: shared types and rules.

/** An IngressClass the platform installs; plain strings, so consumers do not wait on the controller. */
export interface IngressInfo {
    /** The IngressClass name to put in `spec.ingressClassName`. */
    readonly className: string;
    /** True when this class is the cluster's default IngressClass. */
    readonly isDefault: boolean;
    /**
     * The load balancer's DNS name, where the program knows it at deploy time. Usually it does not (the
     * controller provisions it later); ExternalDNS then reads the address from each Ingress's status.
     */
    readonly loadBalancerHostname?: pulumi.Output<string>;
}

/** The default IngressClass among the created addons, if any ingress addon is enabled. */
export function defaultIngress(addons: Partial<AddonInstances>): IngressInfo | undefined {
    const candidates = [addons.traefik?.ingress, addons.cilium?.ingress, addons.awsLoadBalancerController?.ingress];
    return candidates.find((i): i is IngressInfo => !!i && i.isDefault);
}

export interface LoadBalancerServiceArgs {
    /** A private load balancer (VPC/tenant network only) instead of a public one. */
    internal: boolean;
    /** MetalLB pool to take the address from; unset = MetalLB's auto-assigned pools. */
    metallbPool?: string;
}

export interface LoadBalancerService {
    readonly type: "LoadBalancer" | "NodePort";
    readonly annotations: Record<string, pulumi.Input<string>>;
}

/**
 * How an ingress controller's Service gets an address on this substrate, from its capabilities: an NLB
 * provisioned by the AWS Load Balancer Controller, an Octavia load balancer from the OpenStack
 * cloud-controller-manager, a MetalLB address, or a NodePort where nothing hands out addresses (kind, k3d;
 * Helm would otherwise wait forever for a LoadBalancer address).
 */
export function loadBalancerService(cluster: ClusterHandle, args: LoadBalancerServiceArgs): LoadBalancerService {
    switch (cluster.capabilities.loadBalancer) {
        case "aws-nlb":
            return {
                type: "LoadBalancer",
                annotations: {
                    // "external" hands the Service to the AWS Load Balancer Controller (the in-tree controller ignores it).
                    "service.beta.kubernetes.io/aws-load-balancer-type": "external",
                    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
                    "service.beta.kubernetes.io/aws-load-balancer-scheme": args.internal ? "internal" : "internet-facing",
                },
            };
        case "octavia": {
            const floating = cluster.openstack?.floatingNetworkId;
            return {
                type: "LoadBalancer",
                annotations: {
                    "service.beta.kubernetes.io/openstack-internal-load-balancer": String(args.internal),
                    ...(floating && !args.internal ? { "loadbalancer.openstack.org/floating-network-id": floating } : {}),
                },
            };
        }
        case "metallb":
            return { type: "LoadBalancer", annotations: args.metallbPool ? { "metallb.io/address-pool": args.metallbPool } : {} };
        case "none":
            return { type: "NodePort", annotations: {} };
    }
}
