import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";

// Eraser (the Magnum (Jetstream2) reference platform): removes unused container images from every node on a schedule. The Magnum (Jetstream2) reference platform added it after
// two 32 GB images filled every node's root volume and forced a full re-roll.

export const eraserSettings = z.strictObject({
    enabled: z.boolean().describe("Run Eraser: remove unused container images from every node on a schedule."),
    interval: z.string().regex(/^\d+h$/, { error: 'expected hours such as "24h"' }).describe('How often every node is swept, in hours, e.g. "24h".'),
    scanner: z.boolean().default(false).describe("Scan images for vulnerabilities (Trivy) and remove vulnerable ones too; off = remove only unused images."),
});
export type EraserSettings = z.infer<typeof eraserSettings>;

export interface EraserArgs {
    cluster: ClusterHandle;
    settings: EraserSettings;
}

export class Eraser extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: EraserArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Eraser", name, {}, opts);
        const { settings, cluster } = args;
        // Exception: the per-node remover talks to containerd through the host's socket (hostPath).
        const ns = platformNamespace(this, name, { name: "eraser-system", podSecurity: "privileged", kubernetesVersion: cluster.kubernetesVersion });
        this.release = helmRelease(this, {
            chart: charts.eraser,
            namespace: ns.metadata.name,
            values: {
                runtimeConfig: {
                    manager: {
                        runtime: { name: "containerd", address: "unix:///run/containerd/containerd.sock" },
                        scheduling: { repeatInterval: settings.interval, beginImmediately: true },
                    },
                    components: {
                        collector: { enabled: true },
                        scanner: { enabled: settings.scanner },
                    },
                },
            },
        });
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace });
    }
}

export const eraser = defineAddon({
    key: "eraser",
    description: "Removes unused container images from nodes on a schedule (the Magnum (Jetstream2) reference platform's disk-full incident)",
    settings: eraserSettings,
    defaults: { dev: { enabled: false, interval: "24h" }, prod: { enabled: false, interval: "24h" } },
    substrates: ["eks", "magnum", "nova", "existing"],
    // Removes images through the node's containerd socket; its scanner downloads vulnerability databases.
    flows: () => [
        {
            namespace: "eraser-system",
            ingress: [{ peer: "monitoring" }],
            egress: [{ peer: "apiServer" }, { peer: "internet", ports: [443] }],
        },
    ],
    create: (name, ctx): Eraser => new Eraser(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts),
});
