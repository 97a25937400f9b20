import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import type { Substrate } from "../../model/names";
import type { ClusterCapabilities } from "../../config/capabilities";
import type { ReplacementGuard } from "../../config/replacement-guard";

// The seam between nodes and platform: every substrate returns a ClusterHandle, and nothing above the
// cluster layer branches on the cloud except through `capabilities`.

export { substrates, type Substrate } from "../../model/names";

export interface NodePoolHandle {
    readonly name: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: readonly { key: string; value?: string; effect: string }[];
    /** The cloud resource behind the pool (node group, Magnum node group, servers), for dependsOn. */
    readonly resources: readonly pulumi.Resource[];
}

/** A least-privilege cloud role for one service account (EKS Pod Identity or IRSA). */
export interface ServiceAccountIdentityArgs {
    /** Pulumi logical name prefix, e.g. "external-dns". */
    name: string;
    namespace: string;
    serviceAccount: string;
    /** IAM policy document (JSON) with only the actions and resources this addon needs; omit when managedPolicyArns cover it. */
    policy?: pulumi.Input<string>;
    /** Managed policy ARNs to attach as well (e.g. the EBS CSI driver's AWS-managed policy). */
    managedPolicyArns?: pulumi.Input<string>[];
}

export interface ServiceAccountIdentity {
    readonly roleArn: pulumi.Output<string>;
    /** Annotations the chart must put on the service account (IRSA's role-arn); empty for Pod Identity. */
    readonly serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
    /** The role, its policy and the binding: what a release that uses the identity waits for. */
    readonly resources: readonly pulumi.Resource[];
}

/** Gives service accounts cloud credentials without static keys. Present where `workloadIdentity` is not "none". */
export interface WorkloadIdentityBinder {
    bind(scope: pulumi.Resource, args: ServiceAccountIdentityArgs): ServiceAccountIdentity;
}

/** AWS facts addons on EKS need (AWS Load Balancer Controller, Cluster Autoscaler, ExternalDNS). */
export interface AwsClusterInfo {
    readonly region: string;
    readonly accountId: pulumi.Output<string>;
    readonly vpcId: pulumi.Output<string>;
    readonly oidcIssuerUrl: pulumi.Output<string>;
    /** The EKS cluster's ARN and name, which workload identity bindings name. */
    readonly clusterArn: pulumi.Output<string>;
    readonly eksClusterName: pulumi.Output<string>;
    /** IRSA only: the IAM OIDC provider. */
    readonly oidcProviderArn?: pulumi.Output<string>;
    /** Route53 hosted zone ID of `dns.zone`, when the platform manages DNS there. */
    readonly hostedZoneId?: pulumi.Output<string>;
    /** The AWS provider of the cluster's region: pass it to any AWS resource an addon creates. */
    readonly provider?: pulumi.ProviderResource;
}

/** OpenStack facts addons need (cloud-controller-manager, Cinder CSI, Designate). */
export interface OpenStackClusterInfo {
    readonly authUrl: string;
    readonly region: string;
    /** Secret: a cloud.conf for the cloud-controller-manager and Cinder CSI (application credential). */
    readonly cloudConfig: pulumi.Output<string>;
    readonly networkId: pulumi.Output<string>;
    readonly subnetId: pulumi.Output<string>;
    readonly floatingNetworkId?: pulumi.Output<string>;
    /** True when Magnum itself deploys the cloud-controller-manager and Cinder CSI. */
    readonly cloudProviderManaged: boolean;
}

export interface ClusterHandle {
    readonly name: string;
    readonly substrate: Substrate;
    readonly kubernetesVersion: string;
    /**
     * The minor the nodes run, where the program upgrades them itself (nova): resolves only once every node
     * was upgraded to `kubernetesVersion`. Absent where the cloud upgrades nodes (the config's minor is the truth).
     */
    readonly runningKubernetesVersion?: pulumi.Output<string>;
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
    /** Present where capabilities.workloadIdentity is not "none". */
    readonly workloadIdentity?: WorkloadIdentityBinder;
    readonly aws?: AwsClusterInfo;
    readonly openstack?: OpenStackClusterInfo;
    /** Where a config change would replace the cluster (Magnum): fingerprints of the immutable fields, exported as a stack output. */
    readonly replacementGuard?: ReplacementGuard;
}
