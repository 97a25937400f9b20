import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { namespacedSecret } from "../../platform/secrets";
import { charts } from "../../model/versions";
import { secretRef } from "../../model/primitives";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { SecretReader } from "../../config/types";

// New Relic's Kubernetes integration (the EKS reference platform monitors prod with New Relic): the nri-bundle with the
// infrastructure agent, metadata injection, kube-state-metrics and events. The license key comes from
// secret config into a Secret the chart reads (global.customSecretName), never from values.

export const newRelicSettings = z.strictObject({
    enabled: z.boolean().describe("Run New Relic's Kubernetes integration (nri-bundle): infrastructure agent, metadata injection, kube-state-metrics, events."),
    licenseKey: secretRef.optional().describe("Secret config key holding the New Relic ingest license key (required when enabled)."),
    logs: z.boolean().default(false).describe("Ship container logs too (a Fluent Bit DaemonSet)."),
    lowDataMode: z.boolean().default(false).describe("New Relic's low data mode: longer collection intervals and fewer attributes, to cut ingest cost."),
});
export type NewRelicSettings = z.infer<typeof newRelicSettings>;

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
        const ns = platformNamespace(this, name, { name: "newrelic", podSecurity: "privileged", kubernetesVersion: cluster.kubernetesVersion });
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

export const newRelic = defineAddon({
    key: "newRelic",
    description: "New Relic Kubernetes integration (infrastructure agent, events, optional logs); license key from secret config",
    settings: newRelicSettings,
    defaults: {
        dev: { enabled: false },
        prod: { enabled: false },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    validate: (settings) =>
        settings.licenseKey ? [] : ["addons.newRelic.licenseKey: expected the name of a secret config key holding the license key, got nothing"],
    // The metadata-injection webhook for the API server; the agents read kubelets; the collectors are outside.
    flows: () => [
        {
            namespace: "newrelic",
            ingress: [{ peer: "apiServer", ports: [8443] }],
            egress: [{ peer: "apiServer" }, { peer: "nodes", ports: [10250] }, { peer: "internet", ports: [443] }],
        },
    ],
    create: (name, ctx): NewRelic => new NewRelic(name, { cluster: ctx.cluster, settings: ctx.settings, secrets: ctx.secrets }, ctx.opts),
});
