import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

// The seam between nodes and platform: every substrate returns a ClusterHandle, and nothing above the
// cluster layer branches on the cloud except through `capabilities`.

export const substrates = ["eks", "magnum", "nova", "existing"] as const;
export type Substrate = (typeof substrates)[number];

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

export interface NodePoolHandle {
    readonly name: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: readonly { key: string; value?: string; effect: string }[];
    /** The cloud resource behind the pool (node group, Magnum node group, servers), for dependsOn. */
    readonly resources: readonly pulumi.Resource[];
}

export interface ClusterHandle {
    readonly name: string;
    readonly substrate: Substrate;
    readonly kubernetesVersion: string;
    /** Always a Pulumi secret. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly provider: k8s.Provider;
    readonly capabilities: ClusterCapabilities;
    readonly nodePools: readonly NodePoolHandle[];
    /**
     * What the platform must wait for before installing anything: the control plane and the nodes.
     * Addons depend on these, so teardown removes addons (and the cloud resources their controllers own)
     * before the nodes and the cluster go.
     */
    readonly ready: readonly pulumi.Resource[];
}
