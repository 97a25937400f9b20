import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { namespacedSecret } from "../../platform/secrets";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { SecretReader } from "../../config/types";
import { defineComponent } from "../../platform/addon";
import type { NewRelicSettings } from "./settings";
import { newRelic } from "./manifest";

// The new-relic ComponentResource; its settings and rules are in ./manifest.ts.

export interface NewRelicArgs {
    cluster: ClusterHandle;
    settings: NewRelicSettings;
    secrets: SecretReader;
}

const licenseSecret = "newrelic-license";

const licenseKeyField = "license-key";

export class NewRelic extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: NewRelicArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:NewRelic", name, {}, opts);
        const { settings, cluster } = args;
        // Exception: the infrastructure agent reads the host (hostPath /, host network and PID namespace).
        const ns = platformNamespace(this, name, {
            name: "newrelic",
            podSecurity: "privileged",
            kubernetesVersion: cluster.kubernetesVersion,
        });
        const license = namespacedSecret(this, `${name}-license`, {
            secretName: licenseSecret,
            namespace: ns.metadata.name,
            stringData: { [licenseKeyField]: args.secrets(settings.licenseKey!) },
        });
        this.release = helmRelease(this, {
            chart: charts.newRelic,
            namespace: ns.metadata.name,
            dependsOn: [license],
            values: {
                global: {
                    cluster: cluster.name,
                    customSecretName: licenseSecret,
                    customSecretLicenseKey: licenseKeyField,
                    lowDataMode: settings.lowDataMode,
                },
                "newrelic-infrastructure": { enabled: true, privileged: true },
                "nri-metadata-injection": { enabled: true },
                // New Relic reads cluster state from its own kube-state-metrics.
                "kube-state-metrics": { enabled: true },
                "nri-kube-events": { enabled: true },
                "newrelic-logging": { enabled: settings.logs },
            },
        });
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace });
    }
}

export const newRelicComponent = defineComponent(
    newRelic,
    (name, ctx): NewRelic => new NewRelic(name, { cluster: ctx.cluster, settings: ctx.settings, secrets: ctx.secrets }, ctx.opts),
);
