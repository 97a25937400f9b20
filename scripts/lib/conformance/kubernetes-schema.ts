import type { CheckResult, ConformanceCheck, NamedPlan } from "./check";
import type { PlanResource } from "../offline";
import { KubernetesSchemas, kindsWithoutVendoredSchema } from "./kubernetes-schemas";
import { validateOpenApi } from "./openapi-validate";
import { metadataRules, nestedResourceRules, podDisruptionBudgetRules } from "./kubernetes-rules";
import { renderedValueProblems } from "./rendered-values";
import { isMap, plannedReleases } from "./releases";
import { parseAllDocuments } from "yaml";

// Every Kubernetes object in a plan (typed resources and CustomResources) against the vendored schema of
// its kind (Kubernetes 1.33 built-ins, the pinned CRDs) and the API server's cross-field rules, plus the
// objects Helm releases render from the program's values (./rendered-values.ts). An object the API server
// refuses fails `pulumi up`; inside an atomic Helm release it rolls the whole release back.
//
// Manifests a yaml/v2 ConfigGroup carries inline (`objs`, `yaml`) are checked like typed objects.
// Not covered: manifests applied from URLs (yaml/v2 ConfigFile/ConfigGroup `files`, the CRD bundles:
// upstream's own files), what charts compute in templates, and CEL rules (x-kubernetes-validations).

const objectMeta = { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" };
const notObjects = /^kubernetes:(helm\.sh\/|yaml\/|kustomize\/)/;

export const kubernetesSchemaCheck: ConformanceCheck = {
    tool: "kubernetes-schema",
    run(plans: NamedPlan[]): CheckResult {
        const schemas = new KubernetesSchemas();
        const errors: string[] = [];
        const skipped = new Map<string, number>();
        let checked = 0;
        for (const { name, plan } of plans) {
            for (const resource of plan.resources) {
                if (!resource.type.startsWith("kubernetes:") || notObjects.test(resource.type)) continue;
                const gap = unvendoredKind(resource.type);
                if (gap) {
                    skipped.set(gap, (skipped.get(gap) ?? 0) + 1);
                    continue;
                }
                checked++;
                const where = `${name}: ${resource.type} ${resource.name}`;
                errors.push(...objectProblems(resource, schemas).map((e) => `${where}: ${e}`));
            }
            for (const resource of plan.resources) {
                for (const [what, object] of inlineManifests(resource)) {
                    checked++;
                    const [group, version] = splitApiVersion(String(object.apiVersion));
                    const where = `${name}: ${resource.type} ${resource.name}: ${what}`;
                    const problems = manifestProblems(group, version, String(object.kind), object, schemas);
                    errors.push(...problems.map((e) => `${where}: ${e}`));
                }
            }
            for (const release of plannedReleases(plan)) {
                checked++;
                const where = `${name}: release ${release.resource.name} (${release.chart} ${release.version})`;
                errors.push(...renderedValueProblems(release, schemas).map((e) => `${where} renders ${e}`));
            }
        }
        const notChecked = [...skipped].map(([kind, n]) => `${n} ${kind} object(s): ${kindsWithoutVendoredSchema[kind]}`);
        return { tool: this.tool, checked, errors, notChecked };
    },
};

/** "group/Kind" of a planned object whose kind is listed in kindsWithoutVendoredSchema, else undefined. */
function unvendoredKind(type: string): string | undefined {
    const { group, kind } = groupVersionKind(type);
    const key = `${group}/${kind}`;
    return key in kindsWithoutVendoredSchema ? key : undefined;
}

/** "kubernetes:apps/v1:Deployment" → apps, v1, Deployment; the core group is "core". */
function groupVersionKind(type: string): { group: string; version: string; kind: string } {
    const [, groupVersion, kind] = /^kubernetes:([^:]+):(.+)$/.exec(type) ?? [];
    const [group, version] = groupVersion.includes("/") ? groupVersion.split("/") : ["core", groupVersion];
    return { group, version, kind };
}

/** Problems of one planned object, each "<field path>: <what the API server expects>, got <value>". */
export function objectProblems(resource: PlanResource, schemas: KubernetesSchemas): string[] {
    const { group, version, kind } = groupVersionKind(resource.type);
    // A server-side-apply patch (DaemonSetPatch, …) carries only the fields it sets: no field is required.
    const patch = /Patch$/.test(kind);
    const base = kind.replace(/Patch$/, "");
    const problems = manifestProblems(group === "core" ? "" : group, version, base, resource.inputs, schemas);
    return patch ? problems.filter((e) => !e.endsWith(": required, not set")) : problems;
}

/** Manifests a yaml/v2 ConfigGroup carries inline (`objs`, `yaml`), each as [apiVersion/kind name, object]. */
export function inlineManifests(resource: PlanResource): [string, Record<string, unknown>][] {
    if (resource.type !== "kubernetes:yaml/v2:ConfigGroup") return [];
    const { objs, yaml } = resource.inputs;
    const texts = [yaml].flat().filter((t): t is string => typeof t === "string");
    const parsed = texts.flatMap((t) => parseAllDocuments(t).map((d) => d.toJS() as unknown));
    return [...(Array.isArray(objs) ? objs : []), ...parsed].filter(isMap).map((o) => {
        const name = isMap(o.metadata) ? String(o.metadata.name) : "";
        return [`${String(o.apiVersion)} ${String(o.kind)} ${name}`, o];
    });
}

/** Problems of one object of apiVersion group/version ("" = core) and kind against its schema and rules. */
export function manifestProblems(
    group: string,
    version: string,
    kind: string,
    object: Record<string, unknown>,
    schemas: KubernetesSchemas,
): string[] {
    const found = schemas.kind(group, version, kind);
    if (typeof found === "string") return [found];
    const ctx = { definitions: found.definitions };
    const errors = [
        ...validateOpenApi(object, found.schema, ctx),
        // A CRD's schema says only `metadata: {type: object}`: the API server checks it as ObjectMeta.
        ...validateOpenApi(object.metadata, objectMeta, ctx, "metadata"),
        ...metadataRules(object.metadata, kind),
        ...nestedResourceRules(object, ""),
    ];
    if (kind === "PodDisruptionBudget" && isMap(object.spec)) {
        errors.push(...podDisruptionBudgetRules(object.spec, "spec"));
    }
    return [...new Set(errors.map((e) => e.replace(/^\./, "")))];
}

/** "apps/v1" → ["apps", "v1"], "v1" → ["", "v1"]. */
function splitApiVersion(apiVersion: string): [string, string] {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    return [group, version];
}
