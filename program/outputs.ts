import * as pulumi from "@pulumi/pulumi";
import type { ClusterIssuerNames } from "../platform/cluster-issuers";
import type { ClusterHandle, Substrate } from "../platform/cluster/handle";
import type { ReplacementGuard } from "../config/replacement-guard";
import type { ClusterCapabilities, WorkloadIdentityKind } from "../config/capabilities";
import type { CephObjectStoreInfo } from "../addons/rook-ceph/component";
import type { Platform } from "./platform";
import { defaultIngress, type IngressInfo } from "../platform/ingress";
import type { PlatformConfig } from "../config/types";

// What a groundwork stack exports, as one type: index.ts exports exactly this shape (stackOutputs builds
// it, so the compiler holds the two together), and downstream projects read it back through
// program/reference.ts. Bump `outputsVersion` when a field changes meaning or disappears.

export const outputsVersion = 1;

export interface IdentityOutputs {
    mechanism: WorkloadIdentityKind;
    /** EKS: the cluster's OIDC issuer (IRSA trust policies of downstream projects). */
    oidcIssuerUrl?: pulumi.Output<string>;
    region?: string;
    accountId?: pulumi.Output<string>;
}

export interface IngressOutputs {
    /** The default IngressClass. */
    className: string;
    /** The ingress controller's load balancer address, where the substrate publishes one. */
    loadBalancerHostname?: pulumi.Output<string>;
}

export interface DatabaseOutputs {
    /** Namespace of the application that owns the database. */
    namespace: string;
    database: string;
    /** Secret in `namespace` with the connection details (keys: username, password, host, port, dbname, uri). */
    secretName: string;
    /** Read-write service host inside the cluster. */
    host: string;
}

export interface BackupOutputs {
    provider: string;
    bucket: string;
    endpoint?: string;
    region?: string;
}

/**
 * The cluster's facts that only exist once it does (ids, ARNs), which the platform half of a split
 * deployment reads; everything else it derives from the shared config.
 */
export interface ClusterFacts {
    aws?: {
        accountId: pulumi.Output<string>;
        vpcId: pulumi.Output<string>;
        oidcIssuerUrl: pulumi.Output<string>;
        clusterArn: pulumi.Output<string>;
        eksClusterName: pulumi.Output<string>;
        oidcProviderArn?: pulumi.Output<string>;
        hostedZoneId?: pulumi.Output<string>;
    };
    openstack?: {
        networkId: pulumi.Output<string>;
        subnetId: pulumi.Output<string>;
        floatingNetworkId?: pulumi.Output<string>;
    };
}

export interface StackOutputs {
    outputsVersion: number;
    environment: PlatformConfig["environment"];
    substrate: Substrate;
    clusterName: string;
    /** The minor the cluster runs (on nova: once every node was upgraded to it). */
    kubernetesVersion: pulumi.Input<string>;
    /** Secret. */
    kubeconfig: pulumi.Output<string>;
    endpoint: pulumi.Output<string>;
    capabilities: ClusterCapabilities;
    identity: IdentityOutputs;
    ingress?: IngressOutputs;
    /** ClusterIssuer names from cert-manager. */
    clusterIssuers?: ClusterIssuerNames;
    dnsZone?: string;
    /** Databases by name. */
    databases?: Record<string, DatabaseOutputs>;
    /** UIs the platform exposes. */
    urls: { grafana?: string; argoCd?: string };
    /** Where backups are written (and restored from). */
    backups?: BackupOutputs;
    /** The Rook-Ceph S3 object store (endpoint, region, ObjectBucketClaim StorageClass), when enabled. */
    cephObjectStore?: CephObjectStoreInfo;
    /** Scoped kubeconfigs by developer name (tenants addon), each a secret. */
    developerKubeconfigs?: Record<string, pulumi.Output<string>>;
    /** Magnum: fingerprints of the inputs whose change replaces the cluster (README: Magnum replacement workflow). */
    replacementGuard?: ReplacementGuard;
    /** Keys of the enabled addons. */
    addons: string[];
    clusterFacts: ClusterFacts;
    /** Secret: cloud.conf of the OpenStack cloud-controller-manager and Cinder CSI (split deployments read it). */
    openstackCloudConfig?: pulumi.Output<string>;
}

/** Every key of StackOutputs, checked by the compiler both ways; tests compare the plan's outputs with it. */
export const stackOutputKeys = {
    outputsVersion: true,
    environment: true,
    substrate: true,
    clusterName: true,
    kubernetesVersion: true,
    kubeconfig: true,
    endpoint: true,
    capabilities: true,
    identity: true,
    ingress: true,
    clusterIssuers: true,
    dnsZone: true,
    databases: true,
    urls: true,
    backups: true,
    cephObjectStore: true,
    developerKubeconfigs: true,
    replacementGuard: true,
    addons: true,
    clusterFacts: true,
    openstackCloudConfig: true,
} as const satisfies Record<keyof StackOutputs, true>;

/** The outputs of a stack; `platform` is absent on the cluster half of a split deployment. */
export function stackOutputs(config: PlatformConfig, cluster: ClusterHandle, platform?: Platform): StackOutputs {
    const store = config.backups.objectStore;
    const addons = platform?.addons ?? {};
    return {
        outputsVersion,
        environment: config.environment,
        substrate: cluster.substrate,
        clusterName: cluster.name,
        kubernetesVersion: cluster.runningKubernetesVersion ?? cluster.kubernetesVersion,
        kubeconfig: pulumi.secret(cluster.kubeconfig),
        endpoint: cluster.endpoint,
        capabilities: cluster.capabilities,
        identity: {
            mechanism: cluster.capabilities.workloadIdentity,
            oidcIssuerUrl: cluster.aws?.oidcIssuerUrl,
            region: cluster.aws?.region,
            accountId: cluster.aws?.accountId,
        },
        clusterIssuers: addons.certManager?.issuers,
        ingress: ingressOutputs(defaultIngress(addons)),
        databases: addons.cloudnativePg?.databases,
        dnsZone: config.dns.zone,
        urls: {
            ...(addons.monitoring ? { grafana: addons.monitoring.grafanaUrl } : {}),
            ...(addons.argoCd ? { argoCd: addons.argoCd.url } : {}),
        },
        backups: store && { provider: store.provider, bucket: store.bucket, endpoint: store.endpoint, region: store.region },
        cephObjectStore: addons.rookCeph?.objectStore,
        developerKubeconfigs: addons.tenants?.developerKubeconfigs,
        replacementGuard: cluster.replacementGuard,
        addons: Object.keys(addons),
        clusterFacts: clusterFacts(cluster),
        openstackCloudConfig: cluster.openstack && pulumi.secret(cluster.openstack.cloudConfig),
    };
}

/** The default ingress addon's class (and address, where known); undefined without an ingress addon. */
function ingressOutputs(ingress: IngressInfo | undefined): IngressOutputs | undefined {
    return (
        ingress && {
            className: ingress.className,
            ...(ingress.loadBalancerHostname ? { loadBalancerHostname: ingress.loadBalancerHostname } : {}),
        }
    );
}

function clusterFacts(cluster: ClusterHandle): ClusterFacts {
    const { aws, openstack } = cluster;
    return {
        ...(aws && {
            aws: {
                accountId: aws.accountId,
                vpcId: aws.vpcId,
                oidcIssuerUrl: aws.oidcIssuerUrl,
                clusterArn: aws.clusterArn,
                eksClusterName: aws.eksClusterName,
                ...(aws.oidcProviderArn && { oidcProviderArn: aws.oidcProviderArn }),
                ...(aws.hostedZoneId && { hostedZoneId: aws.hostedZoneId }),
            },
        }),
        ...(openstack && {
            openstack: {
                networkId: openstack.networkId,
                subnetId: openstack.subnetId,
                ...(openstack.floatingNetworkId && { floatingNetworkId: openstack.floatingNetworkId }),
            },
        }),
    };
}
