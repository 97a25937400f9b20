import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { parseStaticCredentials } from "../../platform/backups/location";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { namespacedSecret } from "../../platform/secrets";
import { charts } from "../../model/versions";
import { grafanaDatasource } from "../monitoring/grafana-datasource";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { Monitoring } from "../monitoring/component";
import type { PlatformConfig, SecretReader } from "../../config/types";
import { awsPartition } from "../../model/aws-arn";
import { defineComponent } from "../../platform/addon";
import type { LokiSettings } from "./settings";
import { loki, namespace } from "./manifest";

// The loki ComponentResource; its settings and rules are in ./manifest.ts.

export interface LokiArgs {
    cluster: ClusterHandle;
    settings: LokiSettings;
    objectStore: PlatformConfig["backups"]["objectStore"];
    secrets: SecretReader;
    monitoring?: Monitoring;
}

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
            const identity = cluster.workloadIdentity.bind(this, {
                name: `${name}-s3`,
                namespace,
                serviceAccount: release,
                policy: bucketPolicy(settings.bucket!, cluster.aws?.region ?? ""),
            });
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
                        configs: [
                            {
                                from: "2024-04-01",
                                store: "tsdb",
                                object_store: storeType,
                                schema: "v13",
                                index: { prefix: "loki_index_", period: "24h" },
                            },
                        ],
                    },
                    limits_config: { retention_period: `${settings.retentionDays * 24}h` },
                    compactor: { retention_enabled: true, delete_request_store: storeType },
                },
                singleBinary: {
                    replicas: settings.replicas,
                    persistence: {
                        enabled: true,
                        size: settings.volumeSize,
                        ...(cluster.capabilities.defaultStorageClass ? { storageClass: cluster.capabilities.defaultStorageClass } : {}),
                    },
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
        if (monitoring)
            grafanaDatasource(this, name, monitoring.grafanaNamespace, { name: "Loki", type: "loki", uid: "loki", url: this.queryUrl });
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

export const lokiComponent = defineComponent(
    loki,
    (name, ctx): Loki =>
        new Loki(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                objectStore: ctx.config.backups.objectStore,
                secrets: ctx.secrets,
                monitoring: ctx.addons.monitoring,
            },
            ctx.opts,
        ),
);
