import type { ClusterCapabilities } from "./handle";
import { resolveEks } from "../../substrates/eks/manifest";
import type { PlatformConfig } from "../../config/types";

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
