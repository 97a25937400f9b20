import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { defineComponent, requireAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { Vault } from "../vault/component";
import type { CertManager } from "../cert-manager/component";
import type { VaultSecretsOperatorSettings } from "./settings";
import { vaultSecretsOperator } from "./manifest";

// The vault-secrets-operator ComponentResource; its settings and rules are in ./manifest.ts.

/** The Vault role (Kubernetes auth) the default VaultAuth uses; docs/vault-unseal.md creates it. */
export const vsoVaultRole = "vault-secrets-operator";

export interface VaultSecretsOperatorArgs {
    cluster: ClusterHandle;
    settings: VaultSecretsOperatorSettings;
    vault: Vault;
    /** Issues the CA bundle the VaultConnection trusts, when Vault serves TLS. */
    certManager?: CertManager;
}

export class VaultSecretsOperator extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: VaultSecretsOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:VaultSecretsOperator", name, {}, opts);
        const { cluster, settings, vault } = args;
        // baseline: the chart's CRD-upgrade hook Job has its own pod spec without a restricted securityContext.
        const ns = platformNamespace(this, name, {
            name: "vault-secrets-operator",
            podSecurity: "baseline",
            kubernetesVersion: cluster.kubernetesVersion,
        });
        // The VaultConnection reads the CA from a Secret in its own namespace: a certificate from the same
        // internal CA carries it in ca.crt (renewed by cert-manager; the operator re-reads it per connection).
        const caSecret = vault.caSecret && args.certManager ? "vault-ca" : undefined;
        if (caSecret && args.certManager) {
            new k8s.apiextensions.CustomResource(
                `${name}-vault-ca`,
                {
                    apiVersion: "cert-manager.io/v1",
                    kind: "Certificate",
                    metadata: { name: caSecret, namespace: "vault-secrets-operator" },
                    spec: {
                        secretName: caSecret,
                        commonName: "vault-secrets-operator",
                        usages: ["client auth"],
                        privateKey: { algorithm: "ECDSA", size: 256 },
                        issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: args.certManager.issuers.internal },
                    },
                },
                { parent: this, dependsOn: [ns, ...args.certManager.ready] },
            );
        }
        const release = helmRelease(this, {
            chart: charts.vaultSecretsOperator,
            namespace: ns.metadata.name,
            values: {
                controller: {
                    replicas: settings.replicas,
                    // The chart renders every non-empty bound and defaults minAvailable to "0": left alone, the PDB
                    // carries both bounds and the API server refuses it. "" is the chart's "unset".
                    podDisruptionBudget: { enabled: settings.replicas > 1, maxUnavailable: "1", minAvailable: "" },
                    // Restricted Pod Security: the chart's defaults set neither seccomp nor dropped capabilities.
                    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                },
                // The chart's pre-upgrade hook re-applies its CRDs, which Helm alone never upgrades.
                hooks: { upgradeCRDs: { enabled: true } },
                // A plain address string: the operator does not wait for Vault to be installed (no extra wave).
                defaultVaultConnection: {
                    enabled: true,
                    address: vault.address,
                    skipTLSVerify: false,
                    ...(caSecret ? { caCertSecret: caSecret } : {}),
                },
                defaultAuthMethod: {
                    enabled: true,
                    method: "kubernetes",
                    mount: "kubernetes",
                    allowedNamespaces: settings.allowedNamespaces.length > 0 ? settings.allowedNamespaces : ["*"],
                    kubernetes: { role: vsoVaultRole, serviceAccount: "default", tokenAudiences: ["vault"] },
                },
            },
        });
        this.ready = [release];
        for (const secret of settings.secrets) {
            new k8s.apiextensions.CustomResource(
                `${name}-${secret.namespace}-${secret.name}`,
                {
                    apiVersion: "secrets.hashicorp.com/v1beta1",
                    kind: "VaultStaticSecret",
                    metadata: { name: secret.name, namespace: secret.namespace },
                    spec: {
                        // The default VaultAuth lives in the operator's namespace.
                        vaultAuthRef: "vault-secrets-operator/default",
                        mount: secret.mount,
                        path: secret.path,
                        type: "kv-v2",
                        refreshAfter: "60s",
                        destination: { name: secret.name, create: true },
                    },
                },
                { parent: this, dependsOn: [release, ...vault.ready] },
            );
        }
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace });
    }
}

export const vaultSecretsOperatorComponent = defineComponent(
    vaultSecretsOperator,
    (name, ctx): VaultSecretsOperator =>
        new VaultSecretsOperator(
            name,
            { cluster: ctx.cluster, settings: ctx.settings, vault: requireAddon(ctx, "vault"), certManager: ctx.addons.certManager },
            ctx.opts,
        ),
);
