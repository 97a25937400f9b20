import * as pulumi from "@pulumi/pulumi";
import type { ClusterIssuerNames } from "../components/addons/cert-manager";
import type { ClusterCapabilities, ClusterHandle, ReplacementGuard, Substrate, WorkloadIdentityKind } from "../components/cluster/handle";
import type { CephObjectStoreInfo } from "../components/addons/rook-ceph";
import type { Platform } from "../components/platform";
import { defaultIngress, type IngressInfo } from "../components/addons/ingress";
import type { PlatformConfig } from "./types";

// What a groundwork stack exports, as one type: index.ts exports exactly this shape (stackOutputs builds
// it, so the compiler holds the two together), and downstream projects read it back through
// stacks/reference.ts. Bump `outputsVersion` when a field changes meaning or disappears.

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

export interface StackOutputs {
    outputsVersion: number;
    environment: PlatformConfig["environment"];
    substrate: Substrate;
    clusterName: string;
    kubernetesVersion: string;
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
} as const satisfies Record<keyof StackOutputs, true>;

export function stackOutputs(config: PlatformConfig, cluster: ClusterHandle, platform: Platform): StackOutputs {
    const store = config.backups.objectStore;
    return {
        outputsVersion,
        environment: config.environment,
        substrate: cluster.substrate,
        clusterName: cluster.name,
        kubernetesVersion: cluster.kubernetesVersion,
        kubeconfig: pulumi.secret(cluster.kubeconfig),
        endpoint: cluster.endpoint,
        capabilities: cluster.capabilities,
        identity: {
            mechanism: cluster.capabilities.workloadIdentity,
            oidcIssuerUrl: cluster.aws?.oidcIssuerUrl,
            region: cluster.aws?.region,
            accountId: cluster.aws?.accountId,
        },
        clusterIssuers: platform.addons.certManager?.issuers,
        ingress: ingressOutputs(defaultIngress(platform.addons)),
        databases: platform.addons.cloudnativePg?.databases,
        dnsZone: config.dns.zone,
        urls: {
            ...(platform.addons.monitoring ? { grafana: platform.addons.monitoring.grafanaUrl } : {}),
            ...(platform.addons.argoCd ? { argoCd: platform.addons.argoCd.url } : {}),
        },
        backups: store && { provider: store.provider, bucket: store.bucket, endpoint: store.endpoint, region: store.region },
        cephObjectStore: platform.addons.rookCeph?.objectStore,
        developerKubeconfigs: platform.addons.tenants?.developerKubeconfigs,
        replacementGuard: cluster.replacementGuard,
        addons: Object.keys(platform.addons),
    };
}

/** The default ingress addon's class (and address, where known); undefined without an ingress addon. */
function ingressOutputs(ingress: IngressInfo | undefined): IngressOutputs | undefined {
    return ingress && { className: ingress.className, ...(ingress.loadBalancerHostname ? { loadBalancerHostname: ingress.loadBalancerHostname } : {}) };
}
