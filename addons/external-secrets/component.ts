import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";
import { vaultNamespace } from "../vault/manifest";
import type { Vault } from "../vault/component";
import { awsPartition } from "../../model/aws-arn";
import { defineComponent } from "../../platform/addon";
import type { ExternalSecretsSettings } from "./settings";
import { type SecretStoreProvider, externalSecrets, externalSecretsNamespace, storeProviderOf } from "./manifest";

// The external-secrets ComponentResource; its settings and rules are in ./manifest.ts.

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
                    {
                        metadata: {
                            name: awsServiceAccount,
                            namespace: externalSecretsNamespace,
                            annotations: identity.serviceAccountAnnotations,
                        },
                    },
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
                    {
                        apiVersion: "external-secrets.io/v1",
                        kind: "ExternalSecret",
                        metadata: { name: secret.name, namespace: secret.namespace },
                        spec: externalSecretSpec(this.storeName, secret.name, secret.key),
                    },
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
            return {
                provider: {
                    aws: {
                        service: "SecretsManager",
                        region: args.region,
                        prefix: args.prefix,
                        ...(args.awsAuth ? { auth: args.awsAuth } : {}),
                    },
                },
            };
        case "vault":
            return {
                provider: {
                    vault: {
                        server: args.vaultAddress,
                        path: "secret",
                        version: "v2",
                        // Vault on TLS: trust the internal CA from the server certificate's Secret (ca.crt only).
                        ...(args.vaultCaSecret
                            ? { caProvider: { type: "Secret", name: args.vaultCaSecret, namespace: vaultNamespace, key: "ca.crt" } }
                            : {}),
                        auth: {
                            kubernetes: {
                                mountPath: "kubernetes",
                                role: esoVaultRole,
                                serviceAccountRef: { name: controllerServiceAccount, namespace: externalSecretsNamespace },
                            },
                        },
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

export const externalSecretsComponent = defineComponent(
    externalSecrets,
    (name, ctx): ExternalSecrets =>
        new ExternalSecrets(name, { cluster: ctx.cluster, settings: ctx.settings, config: ctx.config, vault: ctx.addons.vault }, ctx.opts),
);
