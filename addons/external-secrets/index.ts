import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import { dnsLabel } from "../../model/primitives";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";
import { vaultNamespace, type Vault } from "../vault";
import { awsPartition } from "../../platform/aws-arn";

// External Secrets Operator (the Magnum (Jetstream2) reference platform) and one ClusterSecretStore every namespace can read from: AWS
// Secrets Manager on EKS (an IAM role through workload identity, limited to the cluster's prefix) or the
// platform's Vault (Kubernetes auth). Secrets listed under `secrets` become ExternalSecrets.

const syncedSecret = z
    .strictObject({
        name: dnsLabel.describe("Name of the Kubernetes Secret to create."),
        namespace: dnsLabel.describe("Namespace of that Secret."),
        key: z.string().min(1).describe("Key in the store (under the store's prefix on AWS; a KV v2 path under `secret/` in Vault)."),
    })
    .describe("A store secret synced into a Kubernetes Secret by an ExternalSecret.");

export const externalSecretsSettings = z.strictObject({
    enabled: z.boolean().describe("Run the External Secrets Operator and its ClusterSecretStore."),
    replicas: z.number().int().min(1).max(5).describe("Replicas of the operator, its webhook and cert controller (more than one: leader election and a PodDisruptionBudget)."),
    provider: z
        .enum(["aws", "vault", "none"])
        .optional()
        .describe('Where the ClusterSecretStore reads: "vault" when addons.vault is on, "aws" (Secrets Manager) on EKS otherwise, when unset; "none" for no store.'),
    awsSecretPrefix: z.string().min(1).optional().describe("AWS: only secrets whose names start with this are readable; `<cluster name>/` when unset."),
    secrets: z.array(syncedSecret).default([]).describe("Secrets to sync from the store into namespaces."),
});
export type ExternalSecretsSettings = z.infer<typeof externalSecretsSettings>;

export type SecretStoreProvider = "aws" | "vault" | "none";
export function storeProviderOf(settings: Pick<ExternalSecretsSettings, "provider">, config: PlatformConfig): SecretStoreProvider {
    if (settings.provider) return settings.provider;
    if (config.addons.vault.enabled) return "vault";
    return config.substrate === "eks" ? "aws" : "none";
}

export const externalSecretsNamespace = "external-secrets";
/** The Vault role (Kubernetes auth) ESO logs in as; docs/vault-unseal.md creates it. */
export const esoVaultRole = "external-secrets";
const controllerServiceAccount = "external-secrets";
/** The service account whose IRSA token the AWS store uses (not the controller's own). */
const awsServiceAccount = "external-secrets-aws";

export interface ExternalSecretsArgs {
    cluster: ClusterHandle;
    settings: ExternalSecretsSettings;
    config: PlatformConfig;
    vault?: Vault;
}

export class ExternalSecrets extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** The ClusterSecretStore's name, for ExternalSecrets (undefined with provider "none"). */
    readonly storeName: string | undefined;
    readonly provider: SecretStoreProvider;
    /** Release and store: what an ExternalSecret waits for. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: ExternalSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:ExternalSecrets", name, {}, opts);
        const { cluster, settings, config } = args;
        const ns = platformNamespace(this, name, { name: externalSecretsNamespace, kubernetesVersion: cluster.kubernetesVersion });
        this.provider = storeProviderOf(settings, config);
        const ha = settings.replicas > 1;

        // AWS: Pod Identity attaches the role to the controller's service account; IRSA to a dedicated one the store names.
        let controllerAnnotations: pulumi.Input<Record<string, string>> = {};
        const waitFor: pulumi.Resource[] = [ns];
        let awsAuth: Record<string, unknown> | undefined;
        if (this.provider === "aws") {
            const prefix = settings.awsSecretPrefix ?? `${config.cluster.name}/`;
            const podIdentity = cluster.capabilities.workloadIdentity === "eks-pod-identity";
            const identity = cluster.workloadIdentity!.bind(this, {
                name: `${name}-aws`,
                namespace: externalSecretsNamespace,
                serviceAccount: podIdentity ? controllerServiceAccount : awsServiceAccount,
                policy: secretsManagerReadPolicy(cluster, prefix),
            });
            waitFor.push(...identity.resources);
            if (podIdentity) {
                controllerAnnotations = identity.serviceAccountAnnotations;
                awsAuth = undefined;
            } else {
                const sa = new k8s.core.v1.ServiceAccount(
                    `${name}-aws-sa`,
                    { metadata: { name: awsServiceAccount, namespace: externalSecretsNamespace, annotations: identity.serviceAccountAnnotations } },
                    { parent: this, dependsOn: [ns] },
                );
                waitFor.push(sa);
                awsAuth = { jwt: { serviceAccountRef: { name: awsServiceAccount, namespace: externalSecretsNamespace } } };
            }
        }

        const release = helmRelease(this, {
            chart: charts.externalSecrets,
            namespace: ns.metadata.name,
            dependsOn: waitFor,
            values: {
                // The chart renders its CRDs as templates, so Helm upgrades them with the chart.
                installCRDs: true,
                replicaCount: settings.replicas,
                leaderElect: ha,
                podDisruptionBudget: { enabled: ha, minAvailable: 1 },
                serviceAccount: { create: true, name: controllerServiceAccount, annotations: controllerAnnotations },
                webhook: { replicaCount: settings.replicas, podDisruptionBudget: { enabled: ha, minAvailable: 1 } },
                certController: { replicaCount: settings.replicas, podDisruptionBudget: { enabled: ha, minAvailable: 1 } },
                resources: { requests: { cpu: "10m", memory: "64Mi" } },
            },
        });
        this.ready = [release];

        const spec = clusterSecretStoreSpec(this.provider, {
            region: cluster.aws?.region ?? "",
            prefix: settings.awsSecretPrefix ?? `${config.cluster.name}/`,
            awsAuth,
            vaultAddress: args.vault?.address ?? "",
            vaultCaSecret: args.vault?.caSecret,
        });
        if (spec) {
            this.storeName = this.provider === "aws" ? "aws-secrets-manager" : "vault";
            const store = new k8s.apiextensions.CustomResource(
                `${name}-store`,
                { apiVersion: "external-secrets.io/v1", kind: "ClusterSecretStore", metadata: { name: this.storeName }, spec },
                { parent: this, dependsOn: [release, ...(args.vault?.ready ?? [])] },
            );
            this.ready.push(store);
            for (const secret of settings.secrets) {
                new k8s.apiextensions.CustomResource(
                    `${name}-${secret.namespace}-${secret.name}`,
                    { apiVersion: "external-secrets.io/v1", kind: "ExternalSecret", metadata: { name: secret.name, namespace: secret.namespace }, spec: externalSecretSpec(this.storeName, secret.name, secret.key) },
                    { parent: this, dependsOn: [store] },
                );
            }
        }
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace, storeName: this.storeName, provider: this.provider });
    }
}

/** The ClusterSecretStore spec for a provider; undefined for "none". */
export function clusterSecretStoreSpec(
    provider: SecretStoreProvider,
    args: { region: string; prefix: string; awsAuth?: Record<string, unknown>; vaultAddress: string; vaultCaSecret?: string },
): Record<string, unknown> | undefined {
    switch (provider) {
        case "aws":
            return { provider: { aws: { service: "SecretsManager", region: args.region, prefix: args.prefix, ...(args.awsAuth ? { auth: args.awsAuth } : {}) } } };
        case "vault":
            return {
                provider: {
                    vault: {
                        server: args.vaultAddress,
                        path: "secret",
                        version: "v2",
                        // Vault on TLS: trust the internal CA from the server certificate's Secret (ca.crt only).
                        ...(args.vaultCaSecret ? { caProvider: { type: "Secret", name: args.vaultCaSecret, namespace: vaultNamespace, key: "ca.crt" } } : {}),
                        auth: { kubernetes: { mountPath: "kubernetes", role: esoVaultRole, serviceAccountRef: { name: controllerServiceAccount, namespace: externalSecretsNamespace } } },
                    },
                },
            };
        case "none":
            return undefined;
    }
}

/** An ExternalSecret that copies every property of one remote secret into a Kubernetes Secret it owns. */
export function externalSecretSpec(storeName: string, target: string, key: string): Record<string, unknown> {
    return {
        secretStoreRef: { kind: "ClusterSecretStore", name: storeName },
        refreshInterval: "1h",
        target: { name: target, creationPolicy: "Owner", deletionPolicy: "Retain" },
        dataFrom: [{ extract: { key } }],
    };
}

function secretsManagerReadPolicy(cluster: ClusterHandle, prefix: string): pulumi.Output<string> {
    const aws = cluster.aws!;
    return pulumi.all([aws.accountId]).apply(([account]) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ReadClusterSecrets",
                    Effect: "Allow",
                    Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"],
                    Resource: `arn:${awsPartition(aws.region)}:secretsmanager:${aws.region}:${account}:secret:${prefix}*`,
                },
                // ListSecrets cannot be scoped to a resource; ESO's `find` needs it.
                { Sid: "FindSecrets", Effect: "Allow", Action: ["secretsmanager:ListSecrets"], Resource: "*" },
            ],
        }),
    );
}

export function externalSecretsProblems(settings: ExternalSecretsSettings, config: PlatformConfig): string[] {
    const provider = storeProviderOf(settings, config);
    const problems: string[] = [];
    if (provider === "aws" && config.substrate !== "eks") {
        problems.push(`addons.externalSecrets.provider: expected "vault" or "none" on substrate "${config.substrate}" (AWS Secrets Manager is read through EKS workload identity), got "aws"`);
    }
    if (provider === "none" && settings.secrets.length > 0) {
        problems.push(`addons.externalSecrets.secrets: expected no secrets to sync without a store (provider "none"), got ${settings.secrets.length}`);
    }
    return problems;
}

export const externalSecrets = defineAddon({
    key: "externalSecrets",
    description: "External Secrets Operator with a ClusterSecretStore for AWS Secrets Manager (EKS) or Vault",
    settings: externalSecretsSettings,
    defaults: {
        dev: { enabled: false, replicas: 1 },
        prod: { enabled: false, replicas: 2 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    requires: (settings, config) => (storeProviderOf(settings, config) === "vault" ? ["vault"] : []),
    uses: ["vault"],
    validate: externalSecretsProblems,
    // The webhook for the API server; the secret store: Vault in the cluster, or AWS Secrets Manager.
    flows: (settings, config) => [
        {
            namespace: externalSecretsNamespace,
            ingress: [{ peer: "apiServer", ports: [10250] }, { peer: "monitoring", ports: [8080] }],
            egress: [
                { peer: "apiServer" },
                ...(storeProviderOf(settings, config) === "vault" ? [{ peer: { addon: "vault" as const }, ports: [8200] }] : []),
                ...(storeProviderOf(settings, config) === "aws" ? [{ peer: "cloudApi" as const }] : []),
            ],
        },
    ],
    create: (name, ctx): ExternalSecrets => new ExternalSecrets(name, { cluster: ctx.cluster, settings: ctx.settings, config: ctx.config, vault: ctx.addons.vault }, ctx.opts),
});
