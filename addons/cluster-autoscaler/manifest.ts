import { defineAddon } from "../../config/addon-manifest";
import { clusterAutoscalerImages } from "../../model/versions";
import type { PlatformConfig } from "../../config/types";
import { type ClusterAutoscalerSettings, clusterAutoscalerSettings } from "./settings";

// Cluster Autoscaler on EKS: grows and shrinks the managed node groups between their min and max. It finds
// them by ASG tags (auto-discovery), and its role may only resize ASGs that carry this cluster's tags.

export const namespaceName = "cluster-autoscaler";

export function clusterAutoscalerProblems(_settings: ClusterAutoscalerSettings, config: PlatformConfig): string[] {
    const version = config.cluster.kubernetesVersion;
    if (clusterAutoscalerImages[version]) return [];
    const known = Object.keys(clusterAutoscalerImages);
    return [
        `cluster.kubernetesVersion: expected a minor with a pinned Cluster Autoscaler image (${known[0]} to ${known[known.length - 1]}; addons.clusterAutoscaler), got "${version}"`,
    ];
}

export const autoscalerResources = { requests: { cpu: "100m", memory: "300Mi" }, limits: { memory: "600Mi" } };

export const clusterAutoscaler = defineAddon({
    key: "clusterAutoscaler",
    description: "Cluster Autoscaler: resizes the EKS managed node groups (ASG auto-discovery, image matched to the cluster's minor)",
    settings: clusterAutoscalerSettings,
    defaults: {
        dev: { enabled: false, replicas: 1 },
        prod: { enabled: false, replicas: 1 },
    },
    // On by default on EKS, where node pools have min/max; Karpenter replaces it when enabled instead.
    substrateDefaults: { eks: { enabled: true } },
    substrates: ["eks"],
    validate: clusterAutoscalerProblems,
    pods: (settings) => [
        {
            what: "the Cluster Autoscaler",
            setting: "addons.clusterAutoscaler.replicas",
            replicas: settings.replicas,
            requests: autoscalerResources.requests,
            onePerNode: false,
        },
    ],
    flows: () => [
        {
            namespace: namespaceName,
            ingress: [{ peer: "monitoring", ports: [8085] }],
            egress: [{ peer: "apiServer" }, { peer: "cloudApi" }],
        },
    ],
});
