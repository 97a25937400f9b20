import * as versions from "../model/versions";
import type { ChartPin } from "../model/versions";
import { definePolicy, type PlatformPolicy, type PolicyResource } from "./types";
import { at, isMap, secretMarker, show, unknownMarker, walk } from "./values";

// Helm releases: exact versions from the catalog, the shared release settings, and values that keep
// secrets out, serve ingresses over TLS and request resources.

export const helmTypes = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Chart"];

/** Exact semantic version, with an optional leading v: no ranges (^ ~ x *), no "latest", no empty pin. */
export const exactVersion = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** Value keys that hold a credential itself (not a reference to a Secret holding it). */
const credentialKey =
    /^(password|passwd|adminPassword|rootPassword|postgresPassword|token|apiToken|bearerToken|clientSecret|secretAccessKey|secretKey|privateKey|apiKey)$/i;

/**
 * Charts whose values expose `resources` at these paths. A value set that leaves them empty runs the pods
 * without requests (BestEffort), which the scheduler packs blindly.
 */
export const chartResourcePaths: Readonly<Record<string, readonly string[]>> = {
    "cert-manager": ["resources", "webhook.resources", "cainjector.resources"],
    "metrics-server": ["resources"],
};

function chartOf(r: PolicyResource): { chart: string; version: unknown; repo: unknown } {
    const ref = String(r.inputs.chart ?? "");
    // An OCI chart is one reference, oci://<registry>/<path>/<chart>, without repositoryOpts (platform/helm.ts).
    if (ref.startsWith("oci://")) {
        const cut = ref.lastIndexOf("/");
        return { chart: ref.slice(cut + 1), version: r.inputs.version, repo: ref.slice(0, cut) };
    }
    return { chart: ref, version: r.inputs.version, repo: at(r.inputs, "repositoryOpts.repo") };
}

function valuesOf(r: PolicyResource): Record<string, unknown> | undefined {
    const values = r.inputs.values;
    return isMap(values) ? values : undefined;
}

/** Every chart pin of the version catalog, wherever it sits (the per-Kubernetes-minor OpenStack pins too). */
export const catalogCharts: readonly ChartPin[] = chartPinsIn(versions);

function chartPinsIn(value: unknown): ChartPin[] {
    if (!isMap(value)) return [];
    const { chart, repo, version } = value;
    const isPin = typeof chart === "string" && typeof repo === "string" && typeof version === "string";
    if (isPin) return [value as unknown as ChartPin];
    return Object.values(value).flatMap(chartPinsIn);
}

export function inCatalog(chart: string, version: unknown, repo: unknown, catalog: readonly ChartPin[] = catalogCharts): boolean {
    return catalog.some((pin) => pin.chart === chart && pin.version === version && (repo === undefined || pin.repo === repo));
}

export const helmPolicies: readonly PlatformPolicy[] = [
    definePolicy({
        name: "helm-chart-pinned",
        description: "Helm charts are pinned to an exact version (no ranges, no latest)",
        resourceTypes: helmTypes,
        check: (r) => {
            const { version } = chartOf(r);
            return typeof version === "string" && exactVersion.test(version)
                ? []
                : [`version: expected an exact version such as 1.2.3, got ${show(version)}`];
        },
    }),
    definePolicy({
        name: "helm-chart-from-catalog",
        description: "Helm charts come from the version catalog (model/versions.ts), so Renovate sees every pin",
        resourceTypes: helmTypes,
        check: (r) => {
            const { chart, version, repo } = chartOf(r);
            return inCatalog(chart, version, repo)
                ? []
                : [`chart: expected a chart pinned in model/versions.ts, got ${chart} ${show(version)} from ${show(repo)}`];
        },
    }),
    definePolicy({
        name: "helm-release-atomic",
        description: "Helm releases roll back a failed install or upgrade (atomic, cleanupOnFail)",
        resourceTypes: ["kubernetes:helm.sh/v3:Release"],
        check: (r) =>
            (["atomic", "cleanupOnFail"] as const)
                .filter((k) => r.inputs[k] !== true)
                .map((k) => `${k}: expected true (use platform/helm.ts), got ${show(r.inputs[k])}`),
    }),
    definePolicy({
        name: "helm-values-no-plain-secrets",
        description: "No credential is written into Helm values in plain text (use an existingSecret reference)",
        resourceTypes: helmTypes,
        planOnly: true,
        check: (r) => {
            const problems: string[] = [];
            for (const [path, value, key] of walk(valuesOf(r), "values")) {
                if (!credentialKey.test(key) || typeof value !== "string" || value === "") continue;
                if (value === secretMarker || value === unknownMarker) continue;
                problems.push(`${path}: expected a Secret reference (existingSecret) or a Pulumi secret, got a plain-text value`);
            }
            return problems;
        },
    }),
    definePolicy({
        name: "helm-values-ingress-tls",
        description: "Ingresses that charts create serve TLS",
        resourceTypes: helmTypes,
        check: (r) => {
            const problems: string[] = [];
            for (const [path, value, key] of walk(valuesOf(r), "values")) {
                if (!/^ingress$/i.test(key) || !isMap(value) || value.enabled !== true) continue;
                const tls = value.tls;
                const ok = tls === true || (Array.isArray(tls) && tls.length > 0) || (isMap(tls) && tls.enabled === true);
                if (!ok) problems.push(`${path}.tls: expected TLS for an enabled ingress, got ${show(tls)}`);
            }
            return problems;
        },
    }),
    definePolicy({
        name: "helm-resource-requests",
        description: "Charts that take `resources` get CPU and memory requests",
        resourceTypes: helmTypes,
        advisoryOnly: true,
        check: (r) => {
            const values = valuesOf(r);
            if (!values) return [];
            const problems: string[] = [];
            for (const path of chartResourcePaths[chartOf(r).chart] ?? []) {
                if (at(values, path) === undefined) problems.push(`values.${path}.requests: expected cpu and memory requests, got nothing`);
            }
            for (const [path, value, key] of walk(values, "values")) {
                // A container's resources block: requests and/or limits (a PVC's requests.storage is not one).
                if (key !== "resources" || !isMap(value) || (value.requests === undefined && value.limits === undefined)) continue;
                const requests = value.requests;
                if (isMap(requests) && requests.storage !== undefined) continue;
                if (!isMap(requests) || requests.cpu === undefined || requests.memory === undefined) {
                    problems.push(`${path}.requests: expected cpu and memory, got ${show(requests)}`);
                }
            }
            return problems;
        },
    }),
];
