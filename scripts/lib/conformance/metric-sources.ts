import type { Plan, PlanResource } from "../offline";
import type { Selector } from "./promql-selectors";

// Which component exports each metric the platform's alerts read, and how a plan shows that Prometheus
// scrapes it: a ServiceMonitor/PodMonitor whose selector matches the component's Service or pods, or the
// chart's own monitor switched on in its values. An alert on a metric nothing scrapes can never fire.

export interface MetricSource {
    metrics: RegExp;
    /** As printed: "cert-manager's controller". */
    component: string;
    /** Labels of the Service (ServiceMonitor) or pods (PodMonitor) that export the metrics; "*" = any value. */
    targetLabels?: Record<string, string>;
    /** A chart that scrapes it itself when `path` in its values is true (`enabledByDefault` when unset). */
    chartMonitor?: { release: string; path: string[]; enabledByDefault: boolean };
    /** The objects a selector names must exist too (e.g. the CronJob a kube_cronjob_* alert watches). */
    objectsNamed?: (s: Selector, plan: Plan) => string | undefined;
}

const monitorTypes = ["kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "kubernetes:monitoring.coreos.com/v1:PodMonitor"];
const releaseType = "kubernetes:helm.sh/v3:Release";

const cronJobNamed = (s: Selector, plan: Plan): string | undefined => {
    const name = s.equals.cronjob;
    if (!name) return undefined;
    const exists = plan.resources.some(
        (r) => r.type === "kubernetes:batch/v1:CronJob" && (r.inputs.metadata as { name?: string } | undefined)?.name === name,
    );
    return exists ? undefined : `no CronJob named ${name} in this plan`;
};

export const metricSources: MetricSource[] = [
    {
        metrics: /^certmanager_/,
        component: "cert-manager's controller",
        targetLabels: {
            "app.kubernetes.io/name": "cert-manager",
            "app.kubernetes.io/component": "controller",
            "app.kubernetes.io/instance": "cert-manager",
        },
        chartMonitor: {
            release: "cert-manager",
            path: ["prometheus", "servicemonitor", "enabled"],
            enabledByDefault: false,
        },
    },
    // The barman-cloud plugin's metrics are served by the instance manager's metrics port with CloudNativePG's own.
    {
        metrics: /^(cnpg_|barman_cloud_cloudnative_pg_io_)/,
        component: "the CloudNativePG database pods",
        targetLabels: { "cnpg.io/cluster": "*" },
    },
    {
        metrics: /^velero_/,
        component: "Velero",
        targetLabels: { "app.kubernetes.io/name": "velero" },
        chartMonitor: { release: "velero", path: ["metrics", "serviceMonitor", "enabled"], enabledByDefault: false },
    },
    {
        metrics: /^vault_/,
        component: "the Vault servers",
        targetLabels: { "app.kubernetes.io/name": "vault", component: "server" },
    },
    {
        metrics: /^trivy_/,
        component: "the Trivy operator",
        targetLabels: { "app.kubernetes.io/name": "trivy-operator", "app.kubernetes.io/instance": "trivy-operator" },
    },
    {
        metrics: /^kube_/,
        component: "kube-state-metrics",
        chartMonitor: {
            release: "kube-prometheus-stack",
            path: ["kubeStateMetrics", "enabled"],
            enabledByDefault: true,
        },
        objectsNamed: cronJobNamed,
    },
    {
        metrics: /^kubelet_/,
        component: "the kubelets",
        chartMonitor: { release: "kube-prometheus-stack", path: ["kubelet", "enabled"], enabledByDefault: true },
    },
];

function get(values: unknown, path: string[]): unknown {
    return path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), values);
}

const monitors = (plan: Plan) => plan.resources.filter((r) => monitorTypes.includes(r.type));
const matchLabelsOf = (m: PlanResource) =>
    ((m.inputs.spec as { selector?: { matchLabels?: Record<string, string> } })?.selector?.matchLabels ?? {}) as Record<string, string>;

/** Whether a ServiceMonitor or PodMonitor selects a target with these labels. */
export function monitorSelects(plan: Plan, target: Record<string, string>): boolean {
    return monitors(plan).some((m) => {
        const wanted = Object.entries(matchLabelsOf(m));
        return wanted.length > 0 && wanted.every(([k, v]) => k in target && (target[k] === "*" || target[k] === v));
    });
}

/** Prometheus' job label of each monitor's targets: "<namespace>/<name>". */
export function monitorJobs(plan: Plan): string[] {
    return monitors(plan).map((m) => {
        const meta = (m.inputs.metadata ?? {}) as { name?: string; namespace?: string };
        return `${meta.namespace}/${meta.name}`;
    });
}

/** Why the series of `s` cannot exist in this plan, or undefined when something scrapes it. */
export function unscrapedReason(s: Selector, plan: Plan): string | undefined {
    if (s.metric === "up") {
        const job = s.equals.job;
        if (job === undefined || monitorJobs(plan).includes(job)) return undefined;
        const jobs = monitorJobs(plan).join(", ") || "none";
        return `up{job="${job}"}: no ServiceMonitor/PodMonitor makes job "${job}" (jobs: <namespace>/<name>: ${jobs})`;
    }
    const source = metricSources.find((src) => src.metrics.test(s.metric));
    if (!source) return `${s.metric}: no entry in scripts/lib/conformance/metric-sources.ts says which component exports it`;
    const release = source.chartMonitor && plan.resources.find((r) => r.type === releaseType && r.name === source.chartMonitor!.release);
    const byChart = release && (get(release.inputs.values, source.chartMonitor!.path) ?? source.chartMonitor!.enabledByDefault) === true;
    const byMonitor = source.targetLabels !== undefined && monitorSelects(plan, source.targetLabels);
    if (!byChart && !byMonitor) {
        const how = [
            source.targetLabels ? `a ServiceMonitor/PodMonitor selecting ${JSON.stringify(source.targetLabels)}` : undefined,
            source.chartMonitor ? `${source.chartMonitor.release} values ${source.chartMonitor.path.join(".")}: true` : undefined,
        ].filter(Boolean);
        const needs = how.join(" or ");
        return `${s.metric} comes from ${source.component}, which nothing scrapes in this plan (needs ${needs})`;
    }
    return source.objectsNamed?.(s, plan);
}
