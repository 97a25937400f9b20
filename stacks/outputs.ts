import * as pulumi from "@pulumi/pulumi";
import type { ClusterIssuerNames } from "../components/addons/cert-manager";
import type { ClusterCapabilities, Substrate } from "../components/cluster/handle";
import type { Platform } from "../components/platform";
import type { ClusterHandle } from "../components/cluster/handle";
import type { PlatformConfig } from "./types";

// What a groundwork stack exports, as one type: index.ts exports exactly this shape, and downstream
// projects read it back through a typed StackReference. Bump `outputsVersion` when the shape changes.

export const outputsVersion = 1;

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
    /** ClusterIssuer names from cert-manager; undefined when it is disabled. */
    clusterIssuers: ClusterIssuerNames | undefined;
    /** Keys of the enabled addons. */
    addons: string[];
}

export function stackOutputs(config: PlatformConfig, cluster: ClusterHandle, platform: Platform): StackOutputs {
    return {
        outputsVersion,
        environment: config.environment,
        substrate: cluster.substrate,
        clusterName: cluster.name,
        kubernetesVersion: cluster.kubernetesVersion,
        kubeconfig: pulumi.secret(cluster.kubeconfig),
        endpoint: cluster.endpoint,
        capabilities: cluster.capabilities,
        clusterIssuers: platform.addons.certManager?.issuers,
        addons: Object.keys(platform.addons),
    };
}
