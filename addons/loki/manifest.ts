import { defineAddon } from "../../config/addon-manifest";
import { lokiSettings } from "./settings";

// Loki, monolithic: one binary (replicated in prod) storing chunks and index in object storage, or on its
// own volume in dev. Single tenant (auth off): the platform has one team. The collector is the Alloy addon.

export const namespace = "loki";

export const loki = defineAddon({
    key: "loki",
    description: "Log storage and queries (Loki, monolithic; object storage in prod)",
    settings: lokiSettings,
    defaults: {
        dev: { enabled: false, replicas: 1, storage: "filesystem", retentionDays: 7, volumeSize: "10Gi" },
        prod: { enabled: false, replicas: 3, storage: "objectStore", retentionDays: 30, volumeSize: "20Gi" },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    uses: ["monitoring"],
    validate: (settings, config) => {
        const problems: string[] = [];
        if (settings.storage === "filesystem" && config.environment === "prod") {
            problems.push(
                'addons.loki.storage: expected "objectStore" in prod (logs on one pod\'s volume are lost with it), got "filesystem"',
            );
        }
        if (settings.storage === "filesystem" && settings.replicas > 1) {
            problems.push(
                `addons.loki.replicas: expected 1 with filesystem storage (replicas need an object store), got ${settings.replicas}`,
            );
        }
        if (settings.storage === "objectStore") {
            if (!config.backups.objectStore)
                problems.push('backups.objectStore: expected the object store addons.loki.storage "objectStore" writes to, got nothing');
            if (!settings.bucket)
                problems.push('addons.loki.bucket: expected a bucket for the logs (addons.loki.storage is "objectStore"), got nothing');
            else if (settings.bucket === config.backups.objectStore?.bucket) {
                problems.push(`addons.loki.bucket: expected a bucket other than the backups bucket, got "${settings.bucket}"`);
            }
        }
        return problems;
    },
    // Grafana queries and Prometheus scrapes; chunks and indexes in the object store.
    flows: (settings) => [
        {
            namespace,
            ingress: [
                { peer: "monitoring", ports: [8080, 3100] },
                { peer: { addon: "openTelemetry" }, ports: [8080, 3100] },
            ],
            egress: [{ peer: "apiServer" }, ...(settings.storage === "objectStore" ? [{ peer: "objectStore" as const }] : [])],
        },
    ],
});
