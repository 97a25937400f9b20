import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ChartPin } from "../model/versions";

// The one place that creates Helm releases. An addon supplies its pinned chart, namespace and values; the
// release settings every addon should share (rollback on failed install, cleanup, history, timeouts, the
// release name = chart name convention) live here.

export interface HelmReleaseArgs {
    /** The pinned chart from model/versions.ts. */
    chart: ChartPin;
    /** Namespace name; pass the Namespace resource's output so the release waits for it. */
    namespace: pulumi.Input<string>;
    values: pulumi.Input<Record<string, unknown>>;
    /** Release name; defaults to the chart name. */
    releaseName?: string;
    /** True when the program applies this chart's CRDs itself (see crds.ts), so Helm must not. */
    skipCrds?: boolean;
    /** Seconds Helm waits for the release to become ready. */
    timeoutSeconds?: number;
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export function helmRelease(scope: pulumi.Resource, args: HelmReleaseArgs, opts?: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
    const releaseName = args.releaseName ?? args.chart.chart;
    return new k8s.helm.v3.Release(
        releaseName,
        {
            name: releaseName,
            // An OCI registry has no index to search: Helm takes the chart's full reference instead.
            ...(args.chart.repo.startsWith("oci://")
                ? { chart: `${args.chart.repo}/${args.chart.chart}` }
                : { chart: args.chart.chart, repositoryOpts: { repo: args.chart.repo } }),
            version: args.chart.version,
            namespace: args.namespace,
            createNamespace: false,
            values: args.values,
            skipCrds: args.skipCrds ?? false,
            atomic: true,
            cleanupOnFail: true,
            maxHistory: 10,
            timeout: args.timeoutSeconds ?? 600,
            waitForJobs: true,
        },
        { parent: scope, dependsOn: args.dependsOn, ...opts },
    );
}
