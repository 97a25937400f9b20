import { defineAddon } from "../../config/addon-manifest";
import type { PlatformConfig } from "../../config/types";
import { redpandaSettings } from "./settings";

// Redpanda (the Magnum (Jetstream2) reference platform; optional): a Kafka-compatible queue. One broker in dev, three in prod (a Raft
// majority survives one node), each on its own volume; TLS between brokers and clients from cert-manager.
// Not exposed outside the cluster.

export const redpanda = defineAddon({
    key: "redpanda",
    description: "Kafka-compatible queue (Redpanda): one broker in dev, three in prod, TLS from cert-manager",
    settings: redpandaSettings,
    defaults: {
        dev: { enabled: false, replicas: 1, storage: "10Gi", cpuCores: 1, memory: "2.5Gi" },
        prod: { enabled: false, replicas: 3, storage: "50Gi", cpuCores: 2, memory: "8Gi" },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    requires: () => ["certManager"],
    uses: ["monitoring"],
    // The chart requests the cores and the container memory (limits = requests); its default
    // podAntiAffinity is "hard" on kubernetes.io/hostname: one broker per node.
    pods: (settings) => [
        {
            what: "the Redpanda brokers",
            setting: "addons.redpanda.cpuCores and addons.redpanda.memory",
            replicas: settings.replicas,
            requests: { cpu: settings.cpuCores, memory: settings.memory },
            onePerNode: true,
        },
    ],
    validate: (settings, config: PlatformConfig) =>
        config.environment === "prod" && settings.replicas < 3
            ? [`addons.redpanda.replicas: expected at least 3 in prod (a majority must survive losing a broker), got ${settings.replicas}`]
            : [],
    // Kafka, Schema Registry and the HTTP proxy for applications anywhere in the cluster.
    flows: () => [
        {
            namespace: "redpanda",
            ingress: [
                { peer: "allNamespaces", ports: [9092, 8081, 8082] },
                { peer: "monitoring", ports: [9644] },
            ],
            egress: [{ peer: "apiServer" }],
        },
    ],
});
