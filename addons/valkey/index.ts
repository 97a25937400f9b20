import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { generatedSecret, namespacedSecret } from "../../platform/secrets";
import { charts } from "../../model/versions";
import { storageSize } from "../../model/primitives";
import type { ClusterHandle } from "../../platform/cluster/handle";

// Valkey (the Magnum (Jetstream2) reference platform; optional): the Redis-compatible cache, from the official valkey-io chart (Bitnami's
// images are frozen). A primary with read replicas in prod, each on its own volume; the `default` user's
// password is generated and read by the chart from a Secret. The chart has no Sentinel: a lost primary is
// rescheduled, not failed over.

export const valkeySettings = z.strictObject({
    enabled: z.boolean().describe("Run Valkey, the Redis-compatible cache, with a generated password for the `default` user."),
    replicas: z.number().int().min(0).max(5).describe("Read replicas besides the primary; 0 = standalone. A lost primary is rescheduled, not failed over."),
    storage: storageSize.describe("Data volume of each Valkey pod. Fixed once created."),
    storageClass: z.string().min(1).optional().describe("StorageClass of the volumes; the substrate's storage class when unset. Fixed once created."),
});
export type ValkeySettings = z.infer<typeof valkeySettings>;

export interface ValkeyArgs {
    cluster: ClusterHandle;
    settings: ValkeySettings;
}

const usersSecret = "valkey-users";

export class Valkey extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;
    readonly host = "valkey.valkey.svc.cluster.local";
    /** Secret (in the valkey namespace) whose key `default` is the password; copy it where apps need it. */
    readonly passwordSecret = { name: usersSecret, key: "default" };

    constructor(name: string, args: ValkeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Valkey", name, {}, opts);
        const { settings, cluster } = args;
        // "restricted" (the default): the chart's pods run as uid 1000 with RuntimeDefault seccomp and drop ALL capabilities.
        const ns = platformNamespace(this, name, { name: "valkey", kubernetesVersion: cluster.kubernetesVersion });
        const users = namespacedSecret(this, `${name}-users`, {
            secretName: usersSecret,
            namespace: ns.metadata.name,
            stringData: { default: generatedSecret(this, `${name}-default-user`) },
        });
        const storageClass = settings.storageClass ?? cluster.capabilities.defaultStorageClass ?? "";
        this.release = helmRelease(this, {
            chart: charts.valkey,
            namespace: ns.metadata.name,
            dependsOn: [users],
            values: {
                auth: {
                    enabled: true,
                    usersExistingSecret: usersSecret,
                    // The chart requires the `default` user once auth is on.
                    aclUsers: { default: { permissions: "~* &* +@all", passwordKey: "default" } },
                },
                dataStorage: { enabled: true, requestedSize: settings.storage, className: storageClass },
                replica: {
                    enabled: settings.replicas > 0,
                    replicas: settings.replicas,
                    persistence: { size: settings.storage, storageClass },
                },
            },
        });
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace, host: this.host });
    }
}

export const valkey = defineAddon({
    key: "valkey",
    description: "Redis-compatible cache (Valkey, official chart) with a generated password",
    settings: valkeySettings,
    defaults: { dev: { enabled: false, replicas: 0, storage: "2Gi" }, prod: { enabled: false, replicas: 2, storage: "10Gi" } },
    substrates: ["eks", "magnum", "nova", "existing"],
    flows: () => [
        {
            namespace: "valkey",
            ingress: [{ peer: "allNamespaces", ports: [6379] }, { peer: "monitoring", ports: [9121] }],
            egress: [{ peer: "apiServer" }],
        },
    ],
    create: (name, ctx): Valkey => new Valkey(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts),
});
