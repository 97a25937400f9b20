import { defineAddon } from "../../config/addon-manifest";
import { alloySettings } from "./settings";

// The log collector: Grafana Alloy as a DaemonSet tailing every pod's log files on its node and pushing
// them to Loki. Alloy over Fluent Bit because its pipeline is one small config that reads labels from the
// Kubernetes API (namespace, pod, container) and speaks Loki natively, and the same agent can later take
// OTLP or metrics without a second DaemonSet. Reading files (not the API's log stream) keeps the API
// server out of the log path.

export const alloy = defineAddon({
    key: "alloy",
    description: "Log collector: Grafana Alloy DaemonSet shipping every pod's logs to Loki",
    settings: alloySettings,
    defaults: { dev: { enabled: false }, prod: { enabled: false } },
    substrates: ["eks", "magnum", "nova", "existing"],
    requires: () => ["loki"],
    uses: ["monitoring"],
    // The log collector: tails pod logs on each node, discovers pods through the API, pushes to Loki.
    flows: () => [
        {
            namespace: "alloy",
            ingress: [{ peer: "monitoring", ports: [12345] }],
            egress: [{ peer: "apiServer" }, { peer: { addon: "loki" }, ports: [8080, 3100] }],
        },
    ],
});
