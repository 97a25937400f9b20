import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { defineComponent, requireAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { Monitoring } from "../monitoring/component";
import type { AlloySettings } from "./settings";
import { alloy } from "./manifest";

// The alloy ComponentResource; its settings and rules are in ./manifest.ts.

export interface AlloyArgs {
    cluster: ClusterHandle;
    settings: AlloySettings;
    /** Loki's push endpoint (from the Loki addon). */
    lokiPushUrl: string;
    monitoring?: Monitoring;
}

/** The Alloy pipeline: pods on this node → labels → their files under /var/log/pods → CRI parsing → Loki. */
export function alloyConfig(lokiPushUrl: string): string {
    return `discovery.kubernetes "pods" {
  role = "pod"
  selectors {
    role  = "pod"
    field = "spec.nodeName=" + sys.env("HOSTNAME")
  }
}

discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets
  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "pod"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_container_name"]
    target_label  = "container"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_node_name"]
    target_label  = "node"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"]
    separator     = "/"
    target_label  = "__path__"
    replacement   = "/var/log/pods/*$1/*.log"
  }
}

local.file_match "pods" {
  path_targets = discovery.relabel.pods.output
}

loki.source.file "pods" {
  targets    = local.file_match.pods.targets
  forward_to = [loki.process.pods.receiver]
}

loki.process "pods" {
  stage.cri {}
  forward_to = [loki.write.default.receiver]
}

loki.write "default" {
  endpoint {
    url = "${lokiPushUrl}"
  }
}
`;
}

export class Alloy extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: AlloyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Alloy", name, {}, opts);
        const { cluster, monitoring } = args;
        // Exception: the DaemonSet mounts the node's /var/log (hostPath) to read every pod's log files.
        const ns = platformNamespace(this, name, {
            name: "alloy",
            podSecurity: "privileged",
            kubernetesVersion: cluster.kubernetesVersion,
        });
        this.release = helmRelease(this, {
            chart: charts.alloy,
            namespace: ns.metadata.name,
            dependsOn: monitoring?.ready,
            values: {
                controller: { type: "daemonset" },
                alloy: {
                    configMap: { create: true, content: alloyConfig(args.lokiPushUrl) },
                    mounts: { varlog: true },
                },
                // The PodLogs CRD is unused here (files, not PodLogs objects); Helm would never upgrade it.
                crds: { create: false },
                serviceMonitor: { enabled: !!monitoring },
            },
        });
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace });
    }
}

export const alloyComponent = defineComponent(
    alloy,
    (name, ctx): Alloy =>
        new Alloy(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                lokiPushUrl: requireAddon(ctx, "loki").pushUrl,
                monitoring: ctx.addons.monitoring,
            },
            ctx.opts,
        ),
);
