import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { stringify } from "yaml";

// A Grafana data source as a labelled ConfigMap in the monitoring namespace: Grafana's sidecar (enabled by
// kube-prometheus-stack) loads it, so the Loki and Tempo addons add themselves to Grafana without the
// monitoring addon knowing about them.

export interface GrafanaDatasource {
    name: string;
    type: "loki" | "tempo" | "prometheus";
    uid: string;
    url: string;
    jsonData?: Record<string, unknown>;
}

/** The label kube-prometheus-stack's Grafana sidecar watches for data sources. */
export const datasourceLabel = { grafana_datasource: "1" } as const;

export function grafanaDatasource(
    scope: pulumi.Resource,
    name: string,
    namespace: pulumi.Input<string>,
    ds: GrafanaDatasource,
): k8s.core.v1.ConfigMap {
    const file = stringify({ apiVersion: 1, datasources: [{ access: "proxy", editable: false, ...ds }] });
    return new k8s.core.v1.ConfigMap(
        `${name}-grafana-datasource`,
        {
            metadata: {
                name: `grafana-datasource-${ds.uid}`,
                namespace,
                labels: { ...datasourceLabel, "app.kubernetes.io/managed-by": "groundwork" },
            },
            data: { [`${ds.uid}.yaml`]: file },
        },
        { parent: scope },
    );
}
