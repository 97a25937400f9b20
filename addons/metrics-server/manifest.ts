import { defineAddon } from "../../config/addon-manifest";
import { metricsServerSettings } from "./settings";

// metrics-server: the resource metrics API behind `kubectl top` and the HorizontalPodAutoscaler (the EKS reference platform).

export const metricsServerResources = { requests: { cpu: "100m", memory: "200Mi" } };

export const metricsServer = defineAddon({
    key: "metricsServer",
    description: "Resource metrics API for kubectl top and HorizontalPodAutoscalers",
    settings: metricsServerSettings,
    defaults: {
        dev: { enabled: true, replicas: 1 },
        prod: { enabled: true, replicas: 2 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    pods: (settings) => [
        {
            what: "metrics-server",
            setting: "addons.metricsServer.replicas",
            replicas: settings.replicas,
            requests: metricsServerResources.requests,
            onePerNode: false,
        },
    ],
    // An aggregated API: the API server calls it; it reads every kubelet's resource metrics.
    flows: () => [
        {
            namespace: "metrics-server",
            ingress: [{ peer: "apiServer", ports: [10250] }],
            egress: [{ peer: "apiServer" }, { peer: "nodes", ports: [10250] }],
        },
    ],
});
