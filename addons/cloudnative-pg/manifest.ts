import { defineAddon } from "../../config/addon-manifest";
import { charts } from "../../model/versions";
import { databaseProblems } from "./specs";
import type { PlatformConfig } from "../../config/types";
import type { NamespaceFlows } from "../../config/flows";
import { type CloudnativePgSettings, cloudnativePgSettings } from "./settings";

/** `database.enabled` needs this addon; a rule in config/rules.ts reports it (an addon's validate runs only when it is on). */
export function databaseNeedsOperator(config: PlatformConfig): string[] {
    return config.database.enabled && !config.addons.cloudnativePg.enabled
        ? ["addons.cloudnativePg.enabled: expected true because database.enabled is true (CloudNativePG runs the database), got false"]
        : [];
}

// CloudNativePG (the Magnum (Jetstream2) reference platform): the operator and the barman-cloud plugin, then — when `database.enabled` — the
// platform's PostgreSQL cluster described by the top-level `database` config (see ./postgres-cluster.ts).

export const cnpgNamespace = "cnpg-system";

export function cloudnativePgProblems(_settings: CloudnativePgSettings, config: PlatformConfig): string[] {
    return config.database.enabled ? databaseProblems(config.database) : [];
}

/**
 * The operator (webhooks for the API server; it polls each instance's status port), then the database:
 * reached on 5432 only by the namespaces its `databases` live in, on 8000 by the operator, on the exporter
 * port by Prometheus; base backups and WAL go to the object store. Application namespaces created for a
 * database's connection Secret deny by default too: the ingress controller and Prometheus may reach them.
 */
export function databaseFlows(config: PlatformConfig): NamespaceFlows[] {
    const operator: NamespaceFlows = {
        namespace: cnpgNamespace,
        ingress: [
            { peer: "apiServer", ports: [9443] },
            { peer: "monitoring", ports: [8080] },
        ],
        egress: [{ peer: "apiServer" }],
    };
    const db = config.database;
    if (!db.enabled) return [operator];
    const clients = [...new Set(db.databases.map((d) => d.namespace))].filter((n) => n !== db.namespace).sort();
    const database: NamespaceFlows = {
        namespace: db.namespace,
        ingress: [
            { peer: { namespace: cnpgNamespace }, ports: [8000] },
            { peer: "monitoring", ports: [9187] },
            ...clients.map((namespace) => ({ peer: { namespace }, ports: [5432] })),
        ],
        egress: [{ peer: "apiServer" }, ...(config.backups.enabled ? [{ peer: "objectStore" as const }] : [])],
    };
    const applications = clients.map(
        (namespace): NamespaceFlows => ({ namespace, ingress: [{ peer: "ingress" }, { peer: "monitoring" }] }),
    );
    return [operator, database, ...applications];
}

export const operatorResources = { requests: { cpu: "50m", memory: "128Mi" } };

export const cloudnativePg = defineAddon({
    key: "cloudnativePg",
    description:
        "CloudNativePG operator + barman-cloud plugin; the platform PostgreSQL cluster from `database` (backups, roles, databases)",
    settings: cloudnativePgSettings,
    // Every chart it installs: the upgrade guard checks each against the cluster version.
    pins: [charts.cloudnativePg, charts.barmanCloudPlugin],
    defaults: {
        dev: { enabled: false, replicas: 1 },
        prod: { enabled: false, replicas: 2 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    uses: ["monitoring"],
    requires: (_settings, config) => [
        "certManager",
        ...(config.database.enabled && config.backups.enabled ? (["backupStorage"] as const) : []),
    ],
    validate: cloudnativePgProblems,
    // The database's own instances are counted from `database` (config/capacity.ts), the operator here.
    pods: (settings) => [
        {
            what: "the CloudNativePG operator",
            setting: "addons.cloudnativePg.replicas",
            replicas: settings.replicas,
            requests: operatorResources.requests,
            onePerNode: false,
        },
    ],
    flows: (_settings, config) => databaseFlows(config),
});
