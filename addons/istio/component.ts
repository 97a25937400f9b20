import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { meshSecurity } from "./security";
import { defineComponent } from "../../platform/addon";
import type { IstioSettings } from "./settings";
import { istio } from "./manifest";

// The istio ComponentResource; its settings and rules are in ./manifest.ts.

export interface IstioArgs {
    cluster: ClusterHandle;
    settings: IstioSettings;
    /** The tenants' component: the namespaces authorization policies go into exist once it does. */
    tenants?: pulumi.Resource;
}

export class Istio extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** Istio's CRDs (the base release): what a VirtualService, Gateway or PeerAuthentication waits for. */
    readonly ready: pulumi.Resource[];
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: IstioArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Istio", name, {}, opts);
        const { settings, cluster } = args;
        // "restricted" (the default): istiod runs non-root, drops ALL capabilities, and gets RuntimeDefault seccomp below.
        const ns = platformNamespace(this, name, { name: "istio-system", kubernetesVersion: cluster.kubernetesVersion });
        const base = helmRelease(this, {
            chart: charts.istioBase,
            releaseName: "istio-base",
            namespace: ns.metadata.name,
            values: { defaultRevision: "default", base: { enableCRDTemplates: true } },
        });
        this.ready = [base];
        this.release = helmRelease(this, {
            chart: charts.istio,
            namespace: ns.metadata.name,
            dependsOn: this.ready,
            values: {
                autoscaleEnabled: settings.replicas > 1,
                autoscaleMin: settings.replicas,
                replicaCount: settings.replicas,
                meshConfig: { enablePrometheusMerge: true },
                // The chart leaves istiod's seccomp profile unset ({}), which "restricted" refuses.
                seccompProfile: { type: "RuntimeDefault" },
            },
        });
        meshSecurity(this, name, {
            settings,
            rootNamespace: "istio-system",
            dependsOn: [...this.ready, ...(args.tenants ? [args.tenants] : [])],
        });
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace });
    }
}

export const istioComponent = defineComponent(
    istio,
    (name, ctx): Istio => new Istio(name, { cluster: ctx.cluster, settings: ctx.settings, tenants: ctx.addons.tenants }, ctx.opts),
);
