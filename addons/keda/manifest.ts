import { defineAddon } from "../../config/addon-manifest";
import { kedaSettings } from "./settings";

// KEDA (the Magnum (Jetstream2) reference platform): scales workloads on queue length and other event sources (the video workers). Its CRDs
// come with the chart (templates, so Helm upgrades them); ScaledObjects wait on `ready`.

export const keda = defineAddon({
    key: "keda",
    description: "Event-driven autoscaling (KEDA): scale workloads on queue length and other metrics",
    settings: kedaSettings,
    defaults: { dev: { enabled: false, replicas: 1 }, prod: { enabled: false, replicas: 2 } },
    substrates: ["eks", "magnum", "nova", "existing"],
    uses: ["monitoring"],
    // The external-metrics API and webhooks for the API server; scalers read event sources anywhere.
    flows: () => [
        {
            namespace: "keda",
            ingress: [
                { peer: "apiServer", ports: [6443, 9443] },
                { peer: "monitoring", ports: [8080] },
            ],
            egress: [{ peer: "apiServer" }, { peer: "allNamespaces" }, { peer: "internet", ports: [443] }],
        },
    ],
});
