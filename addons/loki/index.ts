import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { parseStaticCredentials } from "../../platform/backups/location";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { namespacedSecret } from "../../platform/secrets";
import { charts } from "../../model/versions";
import { grafanaDatasource } from "../monitoring/grafana-datasource";
import { positiveInt, storageSize } from "../../model/primitives";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { Monitoring } from "../monitoring";
import type { PlatformConfig, SecretReader } from "../../config/types";
import { awsPartition } from "../../platform/aws-arn";

// Loki, monolithic: one binary (replicated in prod) storing chunks and index in object storage, or on its
// own volume in dev. Single tenant (auth off): the platform has one team. The collector is the Alloy addon.

export const lokiSettings = z.strictObject({
    enabled: z.boolean().describe("Run Loki (monolithic, single tenant) to store the platform's logs."),
    replicas: z.number().int().min(1).max(5).describe("Loki replicas (more than one needs objectStore storage)."),
    storage: z
        .enum(["filesystem", "objectStore"])
        .describe('Where chunks and index live: on Loki\'s own volume, or "objectStore": in `bucket` through backups.objectStore\'s endpoint and credentials.'),
    bucket: z.string().min(3).optional().describe("A bucket of its own (must exist; not the backups bucket, whose prefixes Loki must not touch)."),
    retentionDays: positiveInt.max(3650).describe("Days logs are kept before the compactor deletes them."),
    volumeSize: storageSize.describe("The volume for the write-ahead log and, with filesystem storage, the chunks. Fixed once created."),
});
export type LokiSettings = z.infer<typeof lokiSettings>;

export interface LokiArgs {
    cluster: ClusterHandle;
    settings: LokiSettings;
    objectStore: PlatformConfig["backups"]["objectStore"];
    secrets: SecretReader;
    monitoring?: Monitoring;
}

const namespace = "loki";
const release = "loki";

export class Loki extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;
    /** Where collectors push (the chart's gateway). */
    readonly pushUrl = `http://${release}-gateway.${namespace}.svc.cluster.local/loki/api/v1/push`;
    readonly queryUrl = `http://${release}-gateway.${namespace}.svc.cluster.local`;

    constructor(name: string, args: LokiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Loki", name, {}, opts);
        const { settings, cluster, monitoring } = args;
        // "restricted" (the default): the chart's Loki, gateway, canary and sidecar containers run non-root with
        // RuntimeDefault seccomp and drop ALL capabilities.
        const ns = platformNamespace(this, name, { name: namespace, kubernetesVersion: cluster.kubernetesVersion });
        const objectStore = settings.storage === "objectStore" ? args.objectStore : undefined;
        const storeType = objectStore ? "s3" : "filesystem";

        const dependsOn: pulumi.Resource[] = [...(monitoring?.ready ?? [])];
        let extraEnvFrom: unknown[] = [];
        let serviceAccountAnnotations: pulumi.Input<Record<string, string>> = {};
        if (objectStore?.credentials) {
            // Loki's S3 client reads the standard AWS_* variables: the keys never enter its config file.
            const creds = parseStaticCredentials(args.secrets(objectStore.credentials));
            const secret = namespacedSecret(this, `${name}-s3-credentials`, {
                secretName: "loki-s3-credentials",
                namespace: ns.metadata.name,
                stringData: { AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey },
            });
            dependsOn.push(secret);
            extraEnvFrom = [{ secretRef: { name: "loki-s3-credentials" } }];
        } else if (objectStore && cluster.workloadIdentity) {
            // EKS: an IAM role for Loki's service account, limited to its own bucket.
            const identity = cluster.workloadIdentity.bind(this, { name: `${name}-s3`, namespace, serviceAccount: release, policy: bucketPolicy(settings.bucket!, cluster.aws?.region ?? "") });
            dependsOn.push(...identity.resources);
            serviceAccountAnnotations = identity.serviceAccountAnnotations;
        }

        this.release = helmRelease(this, {
            chart: charts.loki,
            namespace: ns.metadata.name,
            dependsOn,
            values: {
                deploymentMode: "Monolithic",
                serviceAccount: { annotations: serviceAccountAnnotations },
                loki: {
                    auth_enabled: false,
                    commonConfig: { replication_factor: Math.min(settings.replicas, 3) },
                    storage: objectStore
                        ? {
                              type: "s3",
                              bucketNames: { chunks: settings.bucket, ruler: settings.bucket },
                              s3: {
                                  region: objectStore.region ?? "us-east-1",
                                  ...(objectStore.endpoint ? { endpoint: objectStore.endpoint } : {}),
                                  // Swift's and Ceph RGW's S3 APIs want path-style addressing.
                                  s3ForcePathStyle: objectStore.provider !== "s3",
                              },
                          }
                        : { type: "filesystem" },
                    schemaConfig: {
                        configs: [{ from: "2024-04-01", store: "tsdb", object_store: storeType, schema: "v13", index: { prefix: "loki_index_", period: "24h" } }],
                    },
                    limits_config: { retention_period: `${settings.retentionDays * 24}h` },
                    compactor: { retention_enabled: true, delete_request_store: storeType },
                },
                singleBinary: {
                    replicas: settings.replicas,
                    persistence: { enabled: true, size: settings.volumeSize, ...(cluster.capabilities.defaultStorageClass ? { storageClass: cluster.capabilities.defaultStorageClass } : {}) },
                    extraEnvFrom,
                },
                // Monolithic only: the chart refuses replicas for both the monolithic and the scalable targets.
                read: { replicas: 0 },
                write: { replicas: 0 },
                backend: { replicas: 0 },
                // The memcached caches default to gigabytes of memory; a platform's log volume does not need them.
                chunksCache: { enabled: false },
                resultsCache: { enabled: false },
                monitoring: { serviceMonitor: { enabled: !!monitoring } },
            },
        });
        if (monitoring) grafanaDatasource(this, name, monitoring.grafanaNamespace, { name: "Loki", type: "loki", uid: "loki", url: this.queryUrl });
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace, pushUrl: this.pushUrl });
    }
}

function bucketPolicy(bucket: string, region: string): string {
    const arn = `arn:${awsPartition(region)}:s3:::${bucket}`;
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: arn },
            { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${arn}/*` },
        ],
    });
}

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
            problems.push('addons.loki.storage: expected "objectStore" in prod (logs on one pod\'s volume are lost with it), got "filesystem"');
        }
        if (settings.storage === "filesystem" && settings.replicas > 1) {
            problems.push(`addons.loki.replicas: expected 1 with filesystem storage (replicas need an object store), got ${settings.replicas}`);
        }
        if (settings.storage === "objectStore") {
            if (!config.backups.objectStore) problems.push('backups.objectStore: expected the object store addons.loki.storage "objectStore" writes to, got nothing');
            if (!settings.bucket) problems.push('addons.loki.bucket: expected a bucket for the logs (addons.loki.storage is "objectStore"), got nothing');
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
            ingress: [{ peer: "monitoring", ports: [8080, 3100] }, { peer: { addon: "openTelemetry" }, ports: [8080, 3100] }],
            egress: [{ peer: "apiServer" }, ...(settings.storage === "objectStore" ? [{ peer: "objectStore" as const }] : [])],
        },
    ],
    create: (name, ctx): Loki =>
        new Loki(name, { cluster: ctx.cluster, settings: ctx.settings, objectStore: ctx.config.backups.objectStore, secrets: ctx.secrets, monitoring: ctx.addons.monitoring }, ctx.opts),
});
