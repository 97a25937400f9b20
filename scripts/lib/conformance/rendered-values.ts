import { ContractIndex, displayPath, joinPath } from "./chart-contract";
import type { KubernetesSchemas, Schema } from "./kubernetes-schemas";
import { validateOpenApi, type ValidationContext } from "./openapi-validate";
import { nestedResourceRules, podDisruptionBudgetRules, resourceRequirementsRules } from "./kubernetes-rules";
import { coalesce, isMap, type PlannedRelease } from "./releases";

// Objects a chart renders from the program's values, checked without Helm: the chart's values.yaml merged
// under the program's values (Helm's coalescing), then the parts that end up verbatim in a Kubernetes object
// validated against that object's schema and the API server's rules.
//
// Covered: (1) values the chart hands on whole (toYaml) under its own key that names a Kubernetes type
// (resources, affinity, tolerations, annotations, env, volumes, probes, …; see fieldTypes);
// (2) PodDisruptionBudget settings (podDisruptionBudget/pdb maps), which templates compose key by key: each of
// minAvailable/maxUnavailable that is set (Go template truthiness: not null, "", 0 or false) is rendered;
// (3) chart-specific object specs (objectSpecs below).
// Not covered: anything a template computes (names, labels, selectors, ports), CEL rules.

const definition = (name: string): Schema => ({ $ref: `#/definitions/io.k8s.api.${name}` });

const stringMap: Schema = { type: "object", additionalProperties: { type: "string" } };
const listOf = (name: string): Schema => ({ type: "array", items: definition(name) });

/** Value keys whose content charts paste into an object field of this type. */
const fieldTypes: Record<string, Schema[]> = {
    resources: [definition("core.v1.ResourceRequirements")],
    // Annotation and label values are strings: a YAML true or 8080 pasted by toYaml is refused.
    annotations: [stringMap],
    podAnnotations: [stringMap],
    commonAnnotations: [stringMap],
    labels: [stringMap],
    podLabels: [stringMap],
    commonLabels: [stringMap],
    env: [listOf("core.v1.EnvVar")],
    volumes: [listOf("core.v1.Volume")],
    extraVolumes: [listOf("core.v1.Volume")],
    volumeMounts: [listOf("core.v1.VolumeMount")],
    extraVolumeMounts: [listOf("core.v1.VolumeMount")],
    initContainers: [listOf("core.v1.Container")],
    extraContainers: [listOf("core.v1.Container")],
    livenessProbe: [definition("core.v1.Probe")],
    readinessProbe: [definition("core.v1.Probe")],
    startupProbe: [definition("core.v1.Probe")],
    affinity: [definition("core.v1.Affinity")],
    tolerations: [{ type: "array", items: definition("core.v1.Toleration") }],
    nodeSelector: [stringMap],
    topologySpreadConstraints: [{ type: "array", items: definition("core.v1.TopologySpreadConstraint") }],
    podSecurityContext: [definition("core.v1.PodSecurityContext")],
    // Charts use `securityContext` for the container's or the pod's: either form is accepted.
    securityContext: [definition("core.v1.SecurityContext"), definition("core.v1.PodSecurityContext")],
    containerSecurityContext: [definition("core.v1.SecurityContext")],
};

const pdbKeys = new Set(["podDisruptionBudget", "pdb"]);

/** Custom resources a chart renders with `spec: {{ toYaml <values path> }}`, per chart. */
const objectSpecs: Record<string, { path: string; group: string; version: string; kind: string }[]> = {
    // rook-ceph-cluster templates/cephcluster.yaml, cephblockpool.yaml, cephobjectstore.yaml (v1.20.6).
    "rook-ceph-cluster": [
        { path: "cephClusterSpec", group: "ceph.rook.io", version: "v1", kind: "CephCluster" },
        { path: "cephBlockPools.*.spec", group: "ceph.rook.io", version: "v1", kind: "CephBlockPool" },
        { path: "cephObjectStores.*.spec", group: "ceph.rook.io", version: "v1", kind: "CephObjectStore" },
    ],
};

/** Problems of the objects a release renders from its values, each "values.<path>: …". */
export function renderedValueProblems(release: PlannedRelease, schemas: KubernetesSchemas): string[] {
    if (!release.contract) return [];
    const index = ContractIndex.of(release.contract);
    const merged = coalesce(release.contract.defaults, release.values);
    const ctx = { definitions: schemas.definitions };
    const errors: string[] = [];
    const set = setValues(release.values, merged);
    for (const { path, display, merged: value } of set) {
        const key = displayPath(path.split(".").pop()!);
        const at = `values.${display}`;
        // The key must be the chart's own name for that setting: a user-chosen map key (a schedule called
        // "resources") under a free-form value is not one.
        if (fieldTypes[key] && index.names(path) && index.passesWhole(path)) {
            const results = fieldTypes[key].map((schema) => validateOpenApi(value, schema, ctx, at));
            if (results.every((r) => r.length > 0)) errors.push(...results[0]);
            if (key === "resources") errors.push(...resourceRequirementsRules(value, at));
        }
        if (pdbKeys.has(key) && index.names(path) && isMap(value)) errors.push(...pdbProblems(value, at, ctx));
    }
    for (const spec of objectSpecs[release.chart] ?? []) {
        const kind = schemas.kind(spec.group, spec.version, spec.kind);
        if (typeof kind === "string") {
            errors.push(`values.${spec.path}: ${kind}`);
            continue;
        }
        // Written from reading the templates of one version: a bump that stops pasting the value is a review.
        if (!index.passesWhole(spec.path)) {
            const { chart, version } = release.contract;
            errors.push(
                `values.${spec.path}: ${chart} ${version} does not paste this value whole into a ` +
                    `${spec.kind} any more; review objectSpecs in scripts/lib/conformance/rendered-values.ts`,
            );
            continue;
        }
        const specSchema = ((kind.schema.properties ?? {}) as Record<string, Schema>).spec;
        for (const { display, merged: value } of set.filter((v) => v.path === spec.path)) {
            const at = `values.${display} (${spec.kind} spec)`;
            errors.push(...validateOpenApi(value, specSchema, ctx, at), ...nestedResourceRules(value, at));
        }
    }
    return errors;
}

/** A PDB map (or one per component below it, as keda's) rendered the way the templates do. */
function pdbProblems(settings: Record<string, unknown>, at: string, ctx: ValidationContext): string[] {
    const hasBounds = (v: unknown): v is Record<string, unknown> => isMap(v) && ("minAvailable" in v || "maxUnavailable" in v);
    if (!hasBounds(settings)) {
        return Object.entries(settings).flatMap(([k, v]) => (hasBounds(v) ? pdbProblems(v, `${at}.${k}`, ctx) : []));
    }
    if (settings.enabled === false) return [];
    const spec = Object.fromEntries(
        ["minAvailable", "maxUnavailable", "unhealthyPodEvictionPolicy"]
            .filter((k) => goTruthy(settings[k]))
            .map((k) => [k, intOrString(settings[k])]),
    );
    return [...validateOpenApi(spec, definition("policy.v1.PodDisruptionBudgetSpec"), ctx, at), ...podDisruptionBudgetRules(spec, at)];
}

/** Go templates' truth: `if`/`with` skip nil, false, 0, "" and empty collections. */
function goTruthy(v: unknown): boolean {
    if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
    if (Array.isArray(v)) return v.length > 0;
    return !isMap(v) || Object.keys(v).length > 0;
}

/** Templates write `minAvailable: {{ . }}`: the string "1" becomes the YAML integer 1. */
function intOrString(v: unknown): unknown {
    return typeof v === "string" && /^[0-9]+$/.test(v) ? Number(v) : v;
}

interface SetValue {
    /** Contract form: list elements `*` (see joinPath). */
    path: string;
    /** For messages: list elements [i]. */
    display: string;
    /** The value after Helm merged the program's over the chart's (lists replace, maps merge). */
    merged: unknown;
}

/** Every path the program sets, with the merged value there. */
function setValues(ours: unknown, merged: unknown, path = "", display = ""): SetValue[] {
    const out: SetValue[] = [];
    if (Array.isArray(ours)) {
        ours.forEach((v, i) => {
            const p = path ? `${path}.*` : "*";
            const d = `${display}[${i}]`;
            const m = Array.isArray(merged) ? merged[i] : v;
            out.push({ path: p, display: d, merged: m }, ...setValues(v, m, p, d));
        });
    } else if (isMap(ours)) {
        for (const [key, v] of Object.entries(ours)) {
            const p = joinPath(path, key);
            const d = display ? `${display}.${key}` : key;
            const m = isMap(merged) ? merged[key] : v;
            out.push({ path: p, display: d, merged: m }, ...setValues(v, m, p, d));
        }
    }
    return out;
}
