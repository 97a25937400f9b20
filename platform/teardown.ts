import type * as pulumi from "@pulumi/pulumi";
import type { AddonInstances } from "./addon";
import type { ClusterHandle } from "./cluster/handle";
import type { PlatformConfig } from "../config/types";

/**
 * What a release rendering an Ingress must outlive: ExternalDNS (the Ingress's DNS record) and, where the
 * default class provisions a load balancer per Ingress, its controller: the AWS Load Balancer Controller's
 * ALB class, or Cilium in dedicated mode (a LoadBalancer Service per Ingress). Traefik and shared-mode Cilium
 * serve every Ingress from their own Service, which their release deletes; waiting for them would only add
 * a Helm wave.
 */
export function ingressControllerReleases(addons: Partial<AddonInstances>, config: PlatformConfig): pulumi.Resource[] {
    const perIngress: pulumi.Resource[] = [];
    if (addons.awsLoadBalancerController?.ingress?.isDefault) perIngress.push(addons.awsLoadBalancerController.release);
    if (addons.cilium?.ingress?.isDefault && config.addons.cilium.ingressController.loadbalancerMode === "dedicated")
        perIngress.push(addons.cilium.release);
    return [...perIngress, ...(addons.externalDns ? [addons.externalDns.release] : [])];
}

/**
 * The controller that provisions load balancers for LoadBalancer Services on this substrate, when an addon
 * runs it: the AWS Load Balancer Controller (EKS) or the OpenStack cloud-controller-manager (Nova; Magnum
 * runs its own with the cluster). MetalLB and NodePort leave nothing in a cloud.
 */
export function loadBalancerControllerRelease(cluster: ClusterHandle, addons: Partial<AddonInstances>): pulumi.Resource | undefined {
    if (cluster.capabilities.loadBalancer === "aws-nlb") return addons.awsLoadBalancerController?.release;
    if (cluster.capabilities.loadBalancer === "octavia") return addons.openstackCloudControllerManager?.release;
    return undefined;
}
