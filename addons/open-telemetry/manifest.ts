import { defineAddon } from "../../config/addon-manifest";
import { openTelemetrySettings } from "./settings";

// The OpenTelemetry Collector as a gateway Deployment (the production-checklist and bare-metal reference platforms): applications send OTLP to one
// in-cluster address; the collector adds Kubernetes attributes, batches, and exports traces to Tempo (the
// default) or to `tracesEndpoint`, so changing the backend never touches an application.

export const namespace = "opentelemetry";

export const openTelemetry = defineAddon({
    key: "openTelemetry",
    description: "OpenTelemetry Collector gateway: OTLP in, Kubernetes attributes, traces out to Tempo",
    settings: openTelemetrySettings,
    defaults: {
        dev: { enabled: false, replicas: 1 },
        prod: { enabled: false, replicas: 2 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    // Tempo is the default backend: needed unless traces go elsewhere.
    requires: (settings) => (settings.tracesEndpoint ? [] : ["tempo"]),
    uses: ["monitoring", "tempo"],
    // OTLP from every application; traces to Tempo, logs to Loki.
    flows: () => [
        {
            namespace,
            ingress: [
                { peer: "allNamespaces", ports: [4317, 4318] },
                { peer: "monitoring", ports: [8888] },
            ],
            egress: [{ peer: "apiServer" }, { peer: { addon: "tempo" }, ports: [4317, 4318] }],
        },
    ],
});
