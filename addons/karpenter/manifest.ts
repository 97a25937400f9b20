import { defineAddon } from "../../config/addon-manifest";
import { charts } from "../../model/versions";
import { karpenterSettings } from "./settings";

// Karpenter (v1 APIs) on EKS: launches right-sized EC2 nodes for pending pods and consolidates them away.
// The alternative to Cluster Autoscaler; the two never run together. The controller itself runs on the
// managed node groups (the chart keeps it off nodes it manages). Waves: CRD chart, controller, then the
// NodePool and EC2NodeClass — which depend on the controller so that on teardown they go first, while
// the controller can still drain and terminate their nodes.

export const namespaceName = "karpenter";

/** The getting-started guide's sizing: requests equal limits so the controller is never evicted first. */
export const controllerResources = { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } };

export const karpenter = defineAddon({
    key: "karpenter",
    description: "Karpenter: right-sized EC2 nodes for pending pods, consolidation, Spot interruption handling",
    settings: karpenterSettings,
    // Every chart it installs: the upgrade guard checks each against the cluster version.
    pins: [charts.karpenterCrd, charts.karpenter],
    defaults: {
        dev: {
            enabled: false,
            replicas: 1,
            nodePool: {
                capacityTypes: ["spot", "on-demand"],
                architectures: ["amd64"],
                instanceCategories: ["c", "m", "r"],
                limits: { cpu: "32", memory: "128Gi" },
                consolidationPolicy: "WhenEmptyOrUnderutilized",
                consolidateAfter: "1m",
                expireAfter: "720h",
                diskGiB: 50,
            },
        },
        prod: {
            enabled: false,
            replicas: 2,
            nodePool: {
                capacityTypes: ["on-demand"],
                architectures: ["amd64"],
                instanceCategories: ["c", "m", "r"],
                limits: { cpu: "256", memory: "1024Gi" },
                consolidationPolicy: "WhenEmptyOrUnderutilized",
                consolidateAfter: "5m",
                expireAfter: "720h",
                diskGiB: 50,
            },
        },
    },
    substrates: ["eks"],
    conflicts: [{ addon: "clusterAutoscaler", reason: "one node autoscaler per cluster" }],
    // The chart's default affinity: one controller per node (required anti-affinity), never on its own nodes.
    pods: (settings) => [
        {
            what: "the Karpenter controller",
            setting: "addons.karpenter.replicas",
            replicas: settings.replicas,
            requests: controllerResources.requests,
            onePerNode: true,
        },
    ],
    flows: () => [
        {
            namespace: namespaceName,
            ingress: [
                { peer: "apiServer", ports: [8443] },
                { peer: "monitoring", ports: [8080] },
            ],
            egress: [{ peer: "apiServer" }, { peer: "cloudApi" }],
        },
    ],
});
