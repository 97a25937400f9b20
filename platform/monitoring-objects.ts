import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

// Prometheus Operator objects (ServiceMonitor, PodMonitor, PrometheusRule) that addons create when the
// `monitoring` addon is on. They wait for its CRDs (`monitoring.ready`), never for its Helm release, so
// they add no Helm wave.

export type MonitoringKind = "ServiceMonitor" | "PodMonitor" | "PrometheusRule";

export interface MonitoringObjectArgs {
    kind: MonitoringKind;
    /** Object name in the cluster. */
    name: string;
    namespace: pulumi.Input<string>;
    spec: Record<string, unknown>;
    /** The monitoring addon's CRDs. */
    ready: pulumi.Input<pulumi.Resource>[];
}

export function monitoringObject(
    scope: pulumi.Resource,
    logicalName: string,
    args: MonitoringObjectArgs,
): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(
        logicalName,
        {
            apiVersion: "monitoring.coreos.com/v1",
            kind: args.kind,
            metadata: { name: args.name, namespace: args.namespace },
            spec: args.spec,
        },
        { parent: scope, dependsOn: args.ready },
    );
}
