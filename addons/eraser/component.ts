import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { defineComponent } from "../../platform/addon";
import { EraserSettings } from "./settings";
import { eraser } from "./manifest";

// The eraser ComponentResource; its settings and rules are in ./manifest.ts.

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

export const eraserComponent = defineComponent(eraser, (name, ctx): Eraser => new Eraser(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts));
