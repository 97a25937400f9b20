import { defineAddon } from "../../config/addon-manifest";
import { tempoSettings } from "./settings";

// Tempo, single binary: the default trace backend the OpenTelemetry Collector exports to. Traces are
// kept on a persistent volume for `retentionHours`; Grafana gets it as a data source.

export const namespace = "tempo";

export const tempo = defineAddon({
    key: "tempo",
    description: "Trace storage and queries (Tempo, single binary), the OpenTelemetry Collector's default backend",
    settings: tempoSettings,
    defaults: {
        dev: { enabled: false, retentionHours: 24, volumeSize: "10Gi" },
        prod: { enabled: false, retentionHours: 168, volumeSize: "50Gi" },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    uses: ["monitoring"],
    // Traces from the OpenTelemetry collector; Grafana queries; blocks on its volume.
    flows: () => [{ namespace, ingress: [{ peer: "monitoring", ports: [3200] }], egress: [{ peer: "apiServer" }] }],
});
