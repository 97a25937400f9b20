import * as pulumi from "@pulumi/pulumi";
import * as aws from "../../platform/aws-sdk";
import * as k8s from "@pulumi/kubernetes";
import { defineComponent, requireAddon } from "../../platform/addon";
import { backupAccess } from "../../platform/backups/access";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts, images } from "../../model/versions";
import type { BackupStorage } from "../backup-storage/component";
import type { Monitoring } from "../monitoring/component";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";
import { auditJob, snapshotCronJob } from "./jobs";
import { restoreJob } from "./restore";
import { restoreSourceOf, restoresFromElsewhere } from "../../platform/backups/restore";
import { vaultCertificate, vaultServerTlsValues, vaultTlsDir, vaultTlsSecret } from "./tls";
import type { CertManager } from "../cert-manager/component";
import type { VaultSettings } from "./settings";
import { type VaultSeal, sealOf, vault, vaultNamespace, vaultServerResources } from "./manifest";

// The vault ComponentResource; its settings and rules are in ./manifest.ts.

/** The chart's names for release "vault": its service account and the service of the active node. */
const serverServiceAccount = "vault";

/** The in-cluster address of the Service `service` (vault: any node; vault-active: the leader). */
export const vaultAddressOf = (tls: boolean, service: "vault" | "vault-active" = "vault") =>
    `${tls ? "https" : "http"}://${service}.${vaultNamespace}.svc.cluster.local:8200`;

export const auditLogPath = "/vault/audit/audit.log";

export interface VaultArgs {
    cluster: ClusterHandle;
    settings: VaultSettings;
    config: PlatformConfig;
    backups?: BackupStorage;
    /** When present, a ServiceMonitor scrapes Vault's metrics (vault_core_unsealed for the sealed alert). */
    monitoring?: Monitoring;
    /** Issues the server certificate when `tls` is on. */
    certManager?: CertManager;
}

export class Vault extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** In-cluster address clients (ESO, VSO) use. */
    readonly address: string;
    /** The Secret whose ca.crt clients trust (in Vault's namespace), when Vault serves TLS. */
    readonly caSecret: string | undefined;
    readonly seal: VaultSeal;
    /** The KMS key that seals Vault's root key, on EKS. */
    readonly unsealKeyArn: pulumi.Output<string> | undefined;
    /** Where raft snapshots go, when they are on. */
    readonly snapshotDestination: string | undefined;
    /** The release: what anything talking to Vault waits for. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: VaultArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Vault", name, {}, opts);
        const { cluster, settings, config } = args;
        const ns = platformNamespace(this, name, { name: vaultNamespace, kubernetesVersion: cluster.kubernetesVersion });
        this.seal = sealOf(settings, cluster.substrate);
        const storageClass = settings.storage.storageClass ?? cluster.capabilities.defaultStorageClass ?? null;

        let sealStanza: pulumi.Output<string> = pulumi.output("");
        let saAnnotations: pulumi.Output<Record<string, string>> = pulumi.output<Record<string, string>>({});
        const waitFor: pulumi.Resource[] = [ns];
        const tls = settings.tls;
        const activeAddress = vaultAddressOf(tls, "vault-active");
        if (tls) {
            // The release does not wait for the certificate (it would add a wave behind cert-manager): the pods
            // wait for the Secret volume instead, which cert-manager fills within seconds of its CA existing.
            vaultCertificate(this, `${name}-tls`, {
                namespace: vaultNamespace,
                replicas: settings.replicas,
                issuer: args.certManager!.issuers.internal,
                dependsOn: [ns, ...args.certManager!.ready],
            });
        } else {
            pulumi.log.warn(
                "addons.vault.tls is false: Vault serves plain HTTP, so tokens and secrets cross the cluster network unencrypted (fine for dev only)",
                this,
            );
        }
        if (this.seal === "awskms") {
            const unseal = this.kmsUnseal(name, cluster, config);
            sealStanza = unseal.stanza;
            saAnnotations = unseal.annotations;
            waitFor.push(...unseal.resources);
            this.unsealKeyArn = unseal.keyArn;
        }

        // Stateful (raft data, audit logs): an accidental uninstall is refused in prod.
        const release = helmRelease(
            this,
            {
                chart: charts.vault,
                namespace: ns.metadata.name,
                dependsOn: waitFor,
                values: {
                    global: { tlsDisable: !tls },
                    // ESO or vault-secrets-operator deliver secrets; the sidecar injector is not used.
                    injector: { enabled: false },
                    server: {
                        ...(tls ? vaultServerTlsValues(`${images.vault.image}:${images.vault.tag}`) : {}),
                        image: { repository: images.vault.image, tag: images.vault.tag },
                        // Ready while sealed or uninitialized, so the first install (before `vault operator init`)
                        // completes; the vault-active Service still only targets the unsealed leader.
                        readinessProbe: { enabled: true, path: "/v1/sys/health?standbyok=true&sealedcode=204&uninitcode=204" },
                        ha: {
                            enabled: true,
                            replicas: settings.replicas,
                            raft: {
                                enabled: true,
                                setNodeId: true,
                                config: pulumi.interpolate`${raftConfig(settings.replicas, tls)}${sealStanza}`,
                            },
                            disruptionBudget: { enabled: settings.replicas > 1 },
                        },
                        dataStorage: { enabled: true, size: settings.storage.size, storageClass },
                        // Dev is disposable: raft and audit volumes go with the StatefulSet; prod keeps them.
                        persistentVolumeClaimRetentionPolicy: { whenDeleted: config.protect ? "Retain" : "Delete", whenScaled: "Retain" },
                        auditStorage: { enabled: true, size: settings.auditStorageSize, storageClass },
                        serviceAccount: { create: true, name: serverServiceAccount, annotations: saAnnotations },
                        // Restricted Pod Security: the chart's defaults lack the seccomp profile and dropped capabilities.
                        statefulSet: {
                            securityContext: {
                                pod: {
                                    runAsNonRoot: true,
                                    runAsUser: 100,
                                    runAsGroup: 1000,
                                    fsGroup: 1000,
                                    seccompProfile: { type: "RuntimeDefault" },
                                },
                                container: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                            },
                        },
                        affinity: {
                            podAntiAffinity: {
                                requiredDuringSchedulingIgnoredDuringExecution: [
                                    {
                                        labelSelector: { matchLabels: { "app.kubernetes.io/name": "vault", component: "server" } },
                                        topologyKey: "kubernetes.io/hostname",
                                    },
                                ],
                            },
                        },
                        resources: vaultServerResources,
                    },
                    ui: { enabled: true },
                },
            },
            { protect: config.protect },
        );
        this.ready = [release];

        if (args.monitoring) {
            // Scrapes vault_core_unsealed (the VaultSealed alert); a CR after the monitoring CRDs, so the
            // release itself does not wait for them.
            new k8s.apiextensions.CustomResource(
                `${name}-pod-monitor`,
                {
                    apiVersion: "monitoring.coreos.com/v1",
                    kind: "PodMonitor",
                    metadata: { name: "vault", namespace: vaultNamespace },
                    spec: {
                        selector: { matchLabels: { "app.kubernetes.io/name": "vault", component: "server" } },
                        podMetricsEndpoints: [
                            {
                                port: "http",
                                path: "/v1/sys/metrics",
                                params: { format: ["prometheus"] },
                                // Scraped by pod address: verify the certificate against the internal CA and a
                                // name it carries.
                                ...(tls
                                    ? {
                                          scheme: "https",
                                          tlsConfig: {
                                              ca: { secret: { name: vaultTlsSecret, key: "ca.crt" } },
                                              serverName: `vault.${vaultNamespace}.svc.cluster.local`,
                                          },
                                      }
                                    : {}),
                            },
                        ],
                    },
                },
                { parent: this, dependsOn: [ns, ...args.monitoring.ready] },
            );
        }

        auditJob(this, `${name}-audit`, { namespace: vaultNamespace, address: activeAddress, tls, auditLogPath, dependsOn: [release] });

        const location = args.backups?.location;
        if (settings.snapshots && location && args.backups) {
            const serviceAccount = "vault-snapshot";
            const access = backupAccess(this, `${name}-snapshot`, {
                storage: args.backups,
                cluster,
                namespace: vaultNamespace,
                serviceAccount,
                prefixes: [
                    location.prefixes.vault,
                    ...(restoresFromElsewhere(config) ? [restoreSourceOf(location, config)!.prefixes.vault] : []),
                ],
                secretName: "vault-snapshot-s3",
                dependsOn: [ns],
            });
            const cronJob = snapshotCronJob(this, `${name}-snapshot`, {
                namespace: vaultNamespace,
                serviceAccount,
                serviceAccountAnnotations: access.serviceAccountAnnotations,
                credentialsSecret: access.secretName,
                address: activeAddress,
                tls,
                location,
                schedule: settings.snapshotSchedule ?? config.backups.schedule,
                retentionDays: config.backups.retentionDays,
                serviceAccountDependsOn: [ns, ...access.resources],
                dependsOn: [release],
            });
            this.snapshotDestination = location.urls.vault;
            const source = restoreSourceOf(location, config);
            if (source) {
                restoreJob(this, `${name}-restore`, {
                    namespace: vaultNamespace,
                    serviceAccount,
                    credentialsSecret: access.secretName,
                    address: activeAddress,
                    tls,
                    source,
                    // The CronJob waits for the service account this Job runs as.
                    dependsOn: [release, cronJob, ...access.resources],
                });
            }
        }

        this.namespace = ns.metadata.name;
        this.address = vaultAddressOf(tls);
        this.caSecret = tls ? vaultTlsSecret : undefined;
        this.registerOutputs({
            namespace: this.namespace,
            address: this.address,
            tls,
            seal: this.seal,
            snapshotDestination: this.snapshotDestination,
        });
    }

    /** The KMS key Vault seals its root key with, and an IAM role for Vault's service account that can use only that key. */
    private kmsUnseal(name: string, cluster: ClusterHandle, config: PlatformConfig) {
        const aws_ = cluster.aws!;
        const identityBinder = cluster.workloadIdentity!; // validated: awskms only on EKS
        const provider = aws_.provider;
        // Losing this key means losing Vault: protected and retained in prod, 30 days to cancel a deletion.
        const key = new aws.kms.Key(
            `${name}-unseal`,
            {
                description: `Vault auto-unseal for ${config.cluster.name}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags: { "groundwork:cluster": config.cluster.name, "groundwork:purpose": "vault-unseal" },
            },
            { parent: this, provider, protect: config.protect, retainOnDelete: config.protect },
        );
        const alias = new aws.kms.Alias(
            `${name}-unseal`,
            { name: `alias/${config.cluster.name}-vault-unseal`, targetKeyId: key.keyId },
            { parent: this, provider },
        );
        const identity = identityBinder.bind(this, {
            name: `${name}-server`,
            namespace: vaultNamespace,
            serviceAccount: serverServiceAccount,
            policy: kmsUnsealPolicy(key.arn),
        });
        const stanza = pulumi.interpolate`
seal "awskms" {
  region     = "${aws_.region}"
  kms_key_id = "${key.keyId}"
}
`;
        return { stanza, annotations: identity.serviceAccountAnnotations, resources: [key, alias, ...identity.resources], keyArn: key.arn };
    }
}

/** IAM policy: the three KMS actions auto-unseal needs, on the one key. */
export function kmsUnsealPolicy(keyArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(keyArn).apply((arn) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Sid: "VaultAutoUnseal", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], Resource: arn },
            ],
        }),
    );
}

/** Vault's server configuration for raft with every replica in retry_join; the seal stanza is appended. */
export function raftConfig(replicas: number, tls = false): string {
    const scheme = tls ? "https" : "http";
    const caFile = tls ? `\n    leader_ca_cert_file = "${vaultTlsDir}/ca.crt"` : "";
    const joins = Array.from(
        { length: replicas },
        (_, i) => `  retry_join {\n    leader_api_addr = "${scheme}://vault-${i}.vault-internal:8200"${caFile}\n  }`,
    ).join("\n");
    // cert-manager's Secret, mounted by the chart values; reloaded on SIGHUP (./vault/tls.ts).
    const listenerTls = tls
        ? `tls_cert_file   = "${vaultTlsDir}/tls.crt"\n  tls_key_file    = "${vaultTlsDir}/tls.key"\n  tls_min_version = "tls12"`
        : "tls_disable     = 1";
    return `ui = true
disable_mlock = true
listener "tcp" {
  ${listenerTls}
  address         = "[::]:8200"
  cluster_address = "[::]:8201"
  telemetry {
    unauthenticated_metrics_access = "true"
  }
}
storage "raft" {
  path = "/vault/data"
${joins}
}
service_registration "kubernetes" {}
telemetry {
  prometheus_retention_time = "30s"
  disable_hostname          = true
}
`;
}

export const vaultComponent = defineComponent(
    vault,
    (name, ctx): Vault =>
        new Vault(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                config: ctx.config,
                backups: ctx.settings.snapshots && ctx.config.backups.enabled ? requireAddon(ctx, "backupStorage") : undefined,
                monitoring: ctx.addons.monitoring,
                certManager: ctx.settings.tls ? requireAddon(ctx, "certManager") : undefined,
            },
            ctx.opts,
        ),
);
