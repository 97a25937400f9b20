import * as pulumi from "@pulumi/pulumi";
import * as aws from "../../platform/aws-sdk";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon, requireAddon } from "../../platform/addon";
import { backupAccess } from "../../platform/backups/access";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts, images } from "../../model/versions";
import { cronSchedule, storageSize } from "../../model/primitives";
import type { BackupStorage } from "../backup-storage";
import type { Monitoring } from "../monitoring";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";
import { auditJob, snapshotCronJob } from "./jobs";
import { restoreJob } from "./restore";
import { restoreSourceOf, restoresFromElsewhere } from "../../platform/backups/restore";
import { vaultCertificate, vaultServerTlsValues, vaultTlsDir, vaultTlsSecret } from "./tls";
import type { CertManager } from "../cert-manager";

// HashiCorp Vault in HA mode on integrated (raft) storage (the bare-metal reference platform). Unseal: AWS KMS on EKS (a key created
// here, rotated, protected in prod, usable only by Vault's service account); Shamir keys elsewhere, with
// the procedure in docs/vault-unseal.md. The chart cannot turn on an audit device, so a Job does it once
// Vault is initialized and unsealed; a CronJob writes raft snapshots to the backup object store.

export const vaultSettings = z.strictObject({
    enabled: z.boolean().describe("Run HashiCorp Vault (HA, raft storage)."),
    replicas: z.number().int().min(1).max(7).describe("Vault servers, all raft voters: 1 (dev), 3 or 5 (an odd number keeps a quorum)."),
    seal: z
        .enum(["auto", "awskms", "shamir"])
        .default("auto")
        .describe('How Vault unseals: "auto" is AWS KMS on EKS and Shamir keys elsewhere (docs/vault-unseal.md). Changing it on a running Vault needs a seal migration.'),
    storage: z
        .strictObject({
            size: storageSize.describe('Raft data volume per server, e.g. "10Gi". Fixed once created (the StatefulSet\'s volume claim templates are immutable).'),
            storageClass: z.string().min(1).optional().describe("StorageClass of the data volumes; the cluster's default when unset. Fixed once created."),
        })
        .default({ size: "10Gi" })
        .describe("The raft data volume of each Vault server."),
    auditStorageSize: storageSize.default("10Gi").describe("Audit log volume per server. Fixed once created (volume claim templates are immutable)."),
    snapshots: z.boolean().default(true).describe("Raft snapshots to the backup object store by a CronJob (when backups.enabled)."),
    snapshotSchedule: cronSchedule.optional().describe("When raft snapshots are taken, a five-field cron schedule; backups.schedule when unset."),
    tls: z.boolean().describe("HTTPS with a certificate from cert-manager's internal CA; off leaves Vault on plain HTTP inside the cluster (dev only)."),
});
export type VaultSettings = z.infer<typeof vaultSettings>;

export const vaultNamespace = "vault";
/** The chart's names for release "vault": its service account and the service of the active node. */
const serverServiceAccount = "vault";
/** The in-cluster address of the Service `service` (vault: any node; vault-active: the leader). */
export const vaultAddressOf = (tls: boolean, service: "vault" | "vault-active" = "vault") =>
    `${tls ? "https" : "http"}://${service}.${vaultNamespace}.svc.cluster.local:8200`;
export const auditLogPath = "/vault/audit/audit.log";

export type VaultSeal = "awskms" | "shamir";
export function sealOf(settings: Pick<VaultSettings, "seal">, substrate: string): VaultSeal {
    if (settings.seal !== "auto") return settings.seal;
    return substrate === "eks" ? "awskms" : "shamir";
}

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
            vaultCertificate(this, `${name}-tls`, { namespace: vaultNamespace, replicas: settings.replicas, issuer: args.certManager!.issuers.internal, dependsOn: [ns, ...args.certManager!.ready] });
        } else {
            pulumi.log.warn("addons.vault.tls is false: Vault serves plain HTTP, so tokens and secrets cross the cluster network unencrypted (fine for dev only)", this);
        }
        if (this.seal === "awskms") {
            const unseal = this.kmsUnseal(name, cluster, config);
            sealStanza = unseal.stanza;
            saAnnotations = unseal.annotations;
            waitFor.push(...unseal.resources);
            this.unsealKeyArn = unseal.keyArn;
        }

        // Stateful (raft data, audit logs): an accidental uninstall is refused in prod.
        const release = helmRelease(this, {
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
                        raft: { enabled: true, setNodeId: true, config: pulumi.interpolate`${raftConfig(settings.replicas, tls)}${sealStanza}` },
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
                            pod: { runAsNonRoot: true, runAsUser: 100, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
                            container: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                        },
                    },
                    affinity: {
                        podAntiAffinity: {
                            requiredDuringSchedulingIgnoredDuringExecution: [
                                { labelSelector: { matchLabels: { "app.kubernetes.io/name": "vault", component: "server" } }, topologyKey: "kubernetes.io/hostname" },
                            ],
                        },
                    },
                    resources: vaultServerResources,
                },
                ui: { enabled: true },
            },
        }, { protect: config.protect });
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
                prefixes: [location.prefixes.vault, ...(restoresFromElsewhere(config) ? [restoreSourceOf(location, config)!.prefixes.vault] : [])],
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
        this.registerOutputs({ namespace: this.namespace, address: this.address, tls, seal: this.seal, snapshotDestination: this.snapshotDestination });
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
        const alias = new aws.kms.Alias(`${name}-unseal`, { name: `alias/${config.cluster.name}-vault-unseal`, targetKeyId: key.keyId }, { parent: this, provider });
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
            Statement: [{ Sid: "VaultAutoUnseal", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], Resource: arn }],
        }),
    );
}

/** Vault's server configuration for raft with every replica in retry_join; the seal stanza is appended. */
export function raftConfig(replicas: number, tls = false): string {
    const scheme = tls ? "https" : "http";
    const caFile = tls ? `\n    leader_ca_cert_file = "${vaultTlsDir}/ca.crt"` : "";
    const joins = Array.from({ length: replicas }, (_, i) => `  retry_join {\n    leader_api_addr = "${scheme}://vault-${i}.vault-internal:8200"${caFile}\n  }`).join("\n");
    // cert-manager's Secret, mounted by the chart values; reloaded on SIGHUP (./vault/tls.ts).
    const listenerTls = tls ? `tls_cert_file   = "${vaultTlsDir}/tls.crt"\n  tls_key_file    = "${vaultTlsDir}/tls.key"\n  tls_min_version = "tls12"` : "tls_disable     = 1";
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

export function vaultProblems(settings: VaultSettings, config: PlatformConfig): string[] {
    const problems: string[] = [];
    if (settings.replicas % 2 === 0) problems.push(`addons.vault.replicas: expected an odd number (raft needs a majority: 1, 3 or 5), got ${settings.replicas}`);
    if (settings.seal === "awskms" && config.substrate !== "eks") {
        problems.push(`addons.vault.seal: expected "shamir" or "auto" on substrate "${config.substrate}" (AWS KMS auto-unseal needs EKS workload identity), got "awskms"`);
    }
    return problems;
}

const vaultServerResources = { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } };

export const vault = defineAddon({
    key: "vault",
    description: "HashiCorp Vault, HA on raft; AWS KMS auto-unseal on EKS, Shamir elsewhere; audit device and raft snapshots",
    settings: vaultSettings,
    defaults: {
        dev: { enabled: false, replicas: 1, tls: false },
        prod: { enabled: false, replicas: 3, tls: true },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    uses: ["monitoring"],
    requires: (settings, config) => [...(settings.tls ? (["certManager"] as const) : []), ...(settings.snapshots && config.backups.enabled ? (["backupStorage"] as const) : [])],
    validate: vaultProblems,
    // The server's affinity above: one raft peer per node.
    pods: (settings) => [{ what: "the Vault servers", setting: "addons.vault.replicas", replicas: settings.replicas, requests: vaultServerResources.requests, onePerNode: true }],
    // Raft peers talk inside the namespace. Clients are ESO and VSO (they declare it); Prometheus scrapes
    // port 8200; the server calls the API server (service registration, Kubernetes auth), KMS on EKS,
    // and the snapshot job the object store.
    flows: (settings, config) => [
        {
            namespace: vaultNamespace,
            ingress: [{ peer: "monitoring", ports: [8200] }],
            egress: [
                { peer: "apiServer" },
                ...(sealOf(settings, config.substrate) === "awskms" ? [{ peer: "cloudApi" as const }] : []),
                ...(settings.snapshots && config.backups.enabled ? [{ peer: "objectStore" as const }] : []),
            ],
        },
    ],
    create: (name, ctx): Vault =>
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
});
