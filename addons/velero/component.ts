import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { defineComponent, requireAddon } from "../../platform/addon";
import { backupAccess } from "../../platform/backups/access";
import { restoreSourceOf, restoresFromElsewhere } from "../../platform/backups/restore";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts, images } from "../../model/versions";
import type { BackupStorage } from "../backup-storage/component";
import type { Monitoring } from "../monitoring/component";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";
import type { VeleroSettings } from "./settings";
import { velero, veleroNamespace, veleroServerResources } from "./manifest";

// The velero ComponentResource; its settings and rules are in ./manifest.ts.

const serverServiceAccount = "velero";

const credentialsSecret = "velero-s3";

export interface VeleroArgs {
    cluster: ClusterHandle;
    settings: VeleroSettings;
    config: PlatformConfig;
    backups: BackupStorage;
    /** When present, a ServiceMonitor scrapes Velero (velero_backup_last_successful_timestamp for late-backup alerts). */
    monitoring?: Monitoring;
}

export class Velero extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** Schedule names, for alerts on late backups (velero_backup_last_successful_timestamp{schedule}). */
    readonly schedules: readonly string[];
    /** Namespaces whose volumes each backup carries: what restore mode restores. */
    readonly stateNamespaces: readonly string[];
    readonly backupDestination: string;
    readonly ready: pulumi.Resource[];
    /** Restore mode: the Restore of the state namespaces (what GitOps must wait for before re-creating apps). */
    readonly restore: k8s.apiextensions.CustomResource | undefined;

    constructor(name: string, args: VeleroArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Velero", name, {}, opts);
        const { cluster, settings, config } = args;
        const location = args.backups.location!; // validated: Velero needs backups
        // privileged: the node agent mounts /var/lib/kubelet/pods from the host to read pod volumes. Without it,
        // baseline: the chart's server and CRD-upgrade hook pods set no seccomp profile or dropped capabilities.
        const ns = platformNamespace(this, name, {
            name: veleroNamespace,
            kubernetesVersion: cluster.kubernetesVersion,
            podSecurity: settings.nodeAgent ? "privileged" : "baseline",
        });
        const access = backupAccess(this, name, {
            storage: args.backups,
            cluster,
            namespace: veleroNamespace,
            serviceAccount: serverServiceAccount,
            prefixes: [
                location.prefixes.velero,
                ...(restoresFromElsewhere(config) ? [restoreSourceOf(location, config)!.prefixes.velero] : []),
            ],
            secretName: credentialsSecret,
            extraObjectActions: ["s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            dependsOn: [ns],
        });
        this.stateNamespaces = stateNamespacesOf(settings, config);
        const ttl = `${config.backups.retentionDays * 24}h0m0s`;
        const cron = settings.schedule ?? config.backups.schedule;
        const schedules: Record<string, unknown> = {
            // Every namespace's objects (Deployments, Secrets, CRs …), no volume data.
            resources: {
                disabled: false,
                schedule: cron,
                useOwnerReferencesInBackup: false,
                template: { ttl, includedNamespaces: ["*"], snapshotVolumes: false, defaultVolumesToFsBackup: false },
            },
        };
        if (this.stateNamespaces.length > 0 && settings.nodeAgent) {
            schedules.state = {
                disabled: false,
                schedule: cron,
                useOwnerReferencesInBackup: false,
                template: { ttl, includedNamespaces: [...this.stateNamespaces], snapshotVolumes: false, defaultVolumesToFsBackup: true },
            };
        }
        this.schedules = Object.keys(schedules).map((s) => `velero-${s}`);

        const release = helmRelease(this, {
            chart: charts.velero,
            namespace: ns.metadata.name,
            dependsOn: [...access.resources, ...(args.monitoring?.ready ?? [])],
            values: {
                initContainers: [
                    {
                        name: "velero-plugin-for-aws",
                        image: `${images.veleroPluginAws.image}:${images.veleroPluginAws.tag}`,
                        imagePullPolicy: "IfNotPresent",
                        volumeMounts: [{ mountPath: "/target", name: "plugins" }],
                    },
                ],
                // The chart's pre-upgrade hook re-applies Velero's CRDs on every chart bump.
                upgradeCRDs: true,
                snapshotsEnabled: false,
                backupsEnabled: true,
                configuration: {
                    uploaderType: "kopia",
                    defaultVolumesToFsBackup: false,
                    backupStorageLocation: [
                        {
                            name: "default",
                            provider: "aws",
                            bucket: location.bucket,
                            prefix: location.prefixes.velero,
                            default: true,
                            accessMode: "ReadWrite",
                            config: backupStorageConfig(location),
                        },
                        // A rehearsal in a scratch stack reads the source cluster's backups through a read-only location.
                        ...(restoresFromElsewhere(config)
                            ? [
                                  {
                                      name: restoreSourceLocation,
                                      provider: "aws",
                                      bucket: location.bucket,
                                      prefix: restoreSourceOf(location, config)!.prefixes.velero,
                                      default: false,
                                      accessMode: "ReadOnly",
                                      config: backupStorageConfig(location),
                                  },
                              ]
                            : []),
                    ],
                    volumeSnapshotLocation: [],
                },
                credentials: access.secretName ? { useSecret: true, existingSecret: access.secretName } : { useSecret: false },
                serviceAccount: { server: { create: true, name: serverServiceAccount, annotations: access.serviceAccountAnnotations } },
                // IRSA tokens are readable by the pod's group.
                podSecurityContext: { fsGroup: 1337 },
                deployNodeAgent: settings.nodeAgent,
                schedules,
                metrics: { enabled: true, serviceMonitor: { enabled: !!args.monitoring } },
                resources: veleroServerResources,
            },
        });
        this.ready = [release];
        this.restore =
            config.restore.enabled && schedules.state
                ? stateRestore(this, name, { stateNamespaces: this.stateNamespaces, release })
                : undefined;
        this.backupDestination = location.urls.velero;
        this.namespace = ns.metadata.name;
        this.registerOutputs({
            namespace: this.namespace,
            schedules: this.schedules,
            stateNamespaces: this.stateNamespaces,
            backupDestination: this.backupDestination,
        });
    }
}

/** The read-only BackupStorageLocation of a restore rehearsal (restore.fromCluster). */
export const restoreSourceLocation = "restore-source";

/** The state schedule's name as the chart renders it (`<release>-<key>`): what restore mode restores from. */
export const stateScheduleName = "velero-state";

/**
 * Restore mode: restores the newest completed backup of the state schedule (objects and volume data of the
 * state namespaces). Velero finds it in the object store once its location has synced (about a minute after
 * start); Pulumi waits for the Restore to complete, so a failure stops `pulumi up` here, before GitOps
 * re-creates the applications (which would make Velero skip their volumes as already existing).
 */
function stateRestore(
    scope: pulumi.Resource,
    name: string,
    args: { stateNamespaces: readonly string[]; release: pulumi.Resource },
): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(
        `${name}-restore`,
        {
            apiVersion: "velero.io/v1",
            kind: "Restore",
            metadata: {
                name: "groundwork-restore-state",
                namespace: veleroNamespace,
                annotations: { "pulumi.com/waitFor": "jsonpath={.status.phase}=Completed" },
            },
            spec: restoreSpec(args.stateNamespaces),
        },
        { parent: scope, dependsOn: [args.release], customTimeouts: { create: "60m" } },
    );
}

/** velero.io/v1 Restore spec: the latest backup of the state schedule, volumes included, existing objects kept. */
export function restoreSpec(stateNamespaces: readonly string[]): Record<string, unknown> {
    return {
        scheduleName: stateScheduleName,
        includedNamespaces: [...stateNamespaces],
        restorePVs: true,
        existingResourcePolicy: "none",
        // Velero's own objects and events are never restored.
        excludedResources: [
            "nodes",
            "events",
            "events.events.k8s.io",
            "backups.velero.io",
            "restores.velero.io",
            "resticrepositories.velero.io",
        ],
    };
}

/** BackupStorageLocation `config` for the AWS plugin: AWS S3, or an S3-compatible endpoint (Swift, Ceph RGW). */
export function backupStorageConfig(location: {
    provider: string;
    region: string;
    endpoint?: string;
    forcePathStyle: boolean;
}): Record<string, string> {
    return {
        region: location.region,
        ...(location.endpoint ? { s3Url: location.endpoint } : {}),
        ...(location.forcePathStyle ? { s3ForcePathStyle: "true" } : {}),
        // Plugin README: Ceph (and Swift's s3api) reject the SDK's default checksums.
        ...(location.provider !== "s3" ? { checksumAlgorithm: "" } : {}),
    };
}

/** Namespaces whose volumes are backed up: configured ones and the database's application namespaces. */
export function stateNamespacesOf(settings: Pick<VeleroSettings, "stateNamespaces">, config: PlatformConfig): string[] {
    const fromDatabase = config.database.enabled
        ? config.database.databases.map((d) => d.namespace).filter((n) => n !== config.database.namespace)
        : [];
    return [...new Set([...settings.stateNamespaces, ...fromDatabase])].sort();
}

export const veleroComponent = defineComponent(
    velero,
    (name, ctx): Velero =>
        new Velero(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                config: ctx.config,
                backups: requireAddon(ctx, "backupStorage"),
                monitoring: ctx.addons.monitoring,
            },
            ctx.opts,
        ),
);
