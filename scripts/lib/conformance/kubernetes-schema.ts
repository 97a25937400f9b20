import type { CheckResult, ConformanceCheck, NamedPlan } from "./check";
import type { PlanResource } from "../offline";
import { KubernetesSchemas } from "./kubernetes-schemas";
import { validateOpenApi } from "./openapi-validate";
import { metadataRules, nestedResourceRules, podDisruptionBudgetRules } from "./kubernetes-rules";
import { renderedValueProblems } from "./rendered-values";
import { isMap, plannedReleases } from "./releases";

// Every Kubernetes object in a plan (typed resources and CustomResources) against the vendored schema of
// its kind (Kubernetes 1.33 built-ins, the pinned CRDs) and the API server's cross-field rules, plus the
// objects Helm releases render from the program's values (./rendered-values.ts). An object the API server
// refuses fails `pulumi up`; inside an atomic Helm release it rolls the whole release back.
//
// Not covered: manifests applied from URLs (yaml/v2 ConfigFile/ConfigGroup `files`, the CRD bundles:
// upstream's own files), what charts compute in templates, and CEL rules (x-kubernetes-validations).

const objectMeta = { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" };
const notObjects = /^kubernetes:(helm\.sh\/|yaml\/|kustomize\/)/;

export const kubernetesSchemaCheck: ConformanceCheck = {
    tool: "kubernetes-schema",
    run(plans: NamedPlan[]): CheckResult {
        const schemas = new KubernetesSchemas();
        const errors: string[] = [];
        let checked = 0;
        for (const { name, plan } of plans) {
            for (const resource of plan.resources) {
                if (!resource.type.startsWith("kubernetes:") || notObjects.test(resource.type)) continue;
                checked++;
                const where = `${name}: ${resource.type} ${resource.name}`;
                errors.push(...objectProblems(resource, schemas).map((e) => `${where}: ${e}`));
            }
            for (const release of plannedReleases(plan)) {
                checked++;
                const where = `${name}: release ${release.resource.name} (${release.chart} ${release.version})`;
                errors.push(...renderedValueProblems(release, schemas).map((e) => `${where} renders ${e}`));
            }
        }
        return { tool: this.tool, checked, errors };
    },
};

/** Problems of one planned object, each "<field path>: <what the API server expects>, got <value>". */
export function objectProblems(resource: PlanResource, schemas: KubernetesSchemas): string[] {
    const [, gv, kind] = /^kubernetes:([^:]+):(.+)$/.exec(resource.type) ?? [];
    const [group, version] = gv.includes("/") ? gv.split("/") : ["core", gv];
    const found = schemas.kind(group === "core" ? "" : group, version, kind);
    if (typeof found === "string") return [found];
    const object = resource.inputs;
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
