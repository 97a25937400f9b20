import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { generatedSecret, namespacedSecret } from "../../platform/secrets";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { defineComponent } from "../../platform/addon";
import type { ValkeySettings } from "./settings";
import { valkey } from "./manifest";

// The valkey ComponentResource; its settings and rules are in ./manifest.ts.

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

export const valkeyComponent = defineComponent(
    valkey,
    (name, ctx): Valkey => new Valkey(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts),
);
