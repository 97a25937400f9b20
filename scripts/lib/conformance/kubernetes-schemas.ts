import * as fs from "node:fs";
import * as path from "node:path";

// The vendored Kubernetes schemas (scripts/kubernetes-schemas.ts writes them): the built-in kinds' OpenAPI
// definitions of one Kubernetes minor, and the openAPIV3Schema of each CRD the program creates objects of.

export const kubernetesSchemasDir = path.resolve(__dirname, "../../../conformance/kubernetes");
/** The minor whose built-in schemas objects are checked against (the platform's reference version). */
export const kubernetesSchemaMinor = "1.33";

export type Schema = Record<string, unknown>;

export interface KindSchema {
    /** The schema of the whole object. */
    schema: Schema;
    /** Definitions `$ref`s resolve in (`#/definitions/<name>`). */
    definitions: Record<string, Schema>;
}

interface GroupVersionKind {
    group: string;
    version: string;
    kind: string;
}

interface VendoredCrd {
    group: string;
    kind: string;
    schemas: Record<string, Schema>;
}

/**
 * Kinds the program creates whose schema could not be vendored, with the reason. Objects of these kinds are
 * reported as not checked (never silently passed); any other kind without a schema is an error.
 */
export const kindsWithoutVendoredSchema: Readonly<Record<string, string>> = {
    "cilium.io/CiliumNetworkPolicy":
        "Cilium ships the CRD in its agent, not its chart, and the cilium/cilium repository was too large to " +
        "fetch for v1.19.6; vendor pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml at the pinned tag",
};

export class KubernetesSchemas {
    readonly definitions: Record<string, Schema>;
    private readonly builtins = new Map<string, string>();
    private readonly crds = new Map<string, VendoredCrd>();

    constructor(dir = kubernetesSchemasDir, minor = kubernetesSchemaMinor) {
        const text = fs.readFileSync(path.join(dir, `kubernetes-${minor}.json`), "utf8");
        const file = JSON.parse(text) as { definitions: Record<string, Schema> };
        this.definitions = file.definitions;
        for (const [name, def] of Object.entries(this.definitions)) {
            const kinds = (def["x-kubernetes-group-version-kind"] ?? []) as GroupVersionKind[];
            for (const gvk of kinds) {
                this.builtins.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, name);
            }
        }
        for (const f of fs.readdirSync(path.join(dir, "crds"))) {
            const crd = JSON.parse(fs.readFileSync(path.join(dir, "crds", f), "utf8")) as VendoredCrd;
            this.crds.set(`${crd.group}/${crd.kind}`, crd);
        }
    }

    /** The schema of group/version/kind ("" for the core group), or why there is none. */
    kind(group: string, version: string, kind: string): KindSchema | string {
        const builtin = this.builtins.get(`${group}/${version}/${kind}`);
        if (builtin) {
            const schema = { $ref: `#/definitions/${builtin}` };
            return { schema, definitions: this.definitions };
        }
        const crd = this.crds.get(`${group}/${kind}`);
        if (!crd) {
            const how = "add it with scripts/kubernetes-schemas.ts";
            return `no schema vendored for ${group || "core"}/${version} ${kind} (${how})`;
        }
        const schema = crd.schemas[version];
        if (!schema) {
            const served = Object.keys(crd.schemas).join(", ");
            return `the CRD ${kind}.${group} serves no version ${version} (served: ${served})`;
        }
        return { schema: withImplicitRootFields(schema), definitions: this.definitions };
    }
}

/**
 * The API server accepts apiVersion, kind and metadata on every custom resource whether or not the CRD's
 * schema lists them (apiextensions adds them; Istio's CRDs leave them out).
 */
function withImplicitRootFields(schema: Schema): Schema {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    return {
        ...schema,
        properties: { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" }, ...properties },
    };
}
