import { resolveEks } from "../substrates/eks/manifest";
import type { PlatformConfig } from "./types";

/** How Services of type LoadBalancer get an address on this substrate. */
export type LoadBalancerKind = "aws-nlb" | "octavia" | "metallb" | "none";

/** Which DNS service the cluster's zone lives in. */
export type DnsKind = "route53" | "designate" | "none";

/** How a pod's service account gets cloud credentials without static keys. */
export type WorkloadIdentityKind = "eks-pod-identity" | "irsa" | "none";

/** Where backups can be written without running our own object store. */
export type ObjectStorageKind = "s3" | "swift" | "none";

export interface ClusterCapabilities {
    readonly loadBalancer: LoadBalancerKind;
    /** The StorageClass the substrate itself provides, or undefined when a storage addon must provide one. */
    readonly defaultStorageClass: string | undefined;
    readonly dns: DnsKind;
    readonly workloadIdentity: WorkloadIdentityKind;
    readonly objectStorage: ObjectStorageKind;
    /** True when the user runs etcd (kubeadm, bare metal), so the program must back it up. */
    readonly selfManagedEtcd: boolean;
}

// What a substrate offers the platform follows from the config alone, so it is computed here once: the
// substrates fill their ClusterHandle with it, and the platform half of a split deployment (which reads
// the cluster from another stack, asynchronously) knows it up front as well.

/** The StorageClass the storage addon creates on EKS (EBS gp3, encrypted); the EBS CSI driver serves it. */
export const eksDefaultStorageClass = "gp3";

export function capabilitiesOf(config: PlatformConfig): ClusterCapabilities {
    const dns = config.dns.provider;
    switch (config.substrate) {
        case "eks": {
            const eks = resolveEks(config);
            return {
                loadBalancer: "aws-nlb",
                defaultStorageClass: eksDefaultStorageClass,
                dns: dns === "route53" && config.dns.zone ? "route53" : "none",
                workloadIdentity: eks.workloadIdentity === "irsa" ? "irsa" : "eks-pod-identity",
                objectStorage: "s3",
                selfManagedEtcd: false,
            };
        }
        case "magnum":
            return {
                loadBalancer: "octavia",
                defaultStorageClass: config.cluster.magnum!.defaultStorageClass,
                dns,
                workloadIdentity: "none",
                objectStorage: "swift",
                selfManagedEtcd: false,
            };
        case "nova":
            return {
                loadBalancer: config.addons.openstackCloudControllerManager.enabled ? "octavia" : "none",
                // Cinder CSI (an addon here, not the substrate) provides the default class when it is on.
                defaultStorageClass: config.addons.cinderCsi.enabled ? config.addons.cinderCsi.defaultClass.name : undefined,
                dns,
                workloadIdentity: "none",
                objectStorage: "swift",
                selfManagedEtcd: true,
            };
        case "existing": {
            const existing = config.cluster.existing!;
            return {
                loadBalancer: existing.loadBalancer,
                defaultStorageClass: existing.defaultStorageClass,
                dns,
                workloadIdentity: "none",
                objectStorage: "none",
                selfManagedEtcd: existing.selfManagedEtcd,
            };
        }
    }
}
