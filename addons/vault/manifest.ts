import { defineAddon } from "../../config/addon-manifest";
import type { PlatformConfig } from "../../config/types";
import { type VaultSettings, vaultSettings } from "./settings";

// HashiCorp Vault in HA mode on integrated (raft) storage (the bare-metal reference platform). Unseal: AWS KMS on EKS (a key created
// here, rotated, protected in prod, usable only by Vault's service account); Shamir keys elsewhere, with
// the procedure in docs/vault-unseal.md. The chart cannot turn on an audit device, so a Job does it once
// Vault is initialized and unsealed; a CronJob writes raft snapshots to the backup object store.

export const vaultNamespace = "vault";

export type VaultSeal = "awskms" | "shamir";

export function sealOf(settings: Pick<VaultSettings, "seal">, substrate: string): VaultSeal {
    if (settings.seal !== "auto") return settings.seal;
    return substrate === "eks" ? "awskms" : "shamir";
}

export function vaultProblems(settings: VaultSettings, config: PlatformConfig): string[] {
    const problems: string[] = [];
    if (settings.replicas % 2 === 0)
        problems.push(`addons.vault.replicas: expected an odd number (raft needs a majority: 1, 3 or 5), got ${settings.replicas}`);
    if (settings.seal === "awskms" && config.substrate !== "eks") {
        problems.push(
            `addons.vault.seal: expected "shamir" or "auto" on substrate "${config.substrate}" (AWS KMS auto-unseal needs EKS workload identity), got "awskms"`,
        );
    }
    return problems;
}

export const vaultServerResources = { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } };

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
    requires: (settings, config) => [
        ...(settings.tls ? (["certManager"] as const) : []),
        ...(settings.snapshots && config.backups.enabled ? (["backupStorage"] as const) : []),
    ],
    validate: vaultProblems,
    // The server's affinity above: one raft peer per node.
    pods: (settings) => [
        {
            what: "the Vault servers",
            setting: "addons.vault.replicas",
            replicas: settings.replicas,
            requests: vaultServerResources.requests,
            onePerNode: true,
        },
    ],
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
});
