import { isPlaceholder, isMap, show } from "./releases";

// Rules the API server enforces beyond what its OpenAPI schema says (Kubernetes' validation.go of each
// group), the ones that bite charts and hand-written objects: each returns messages, empty when fine.

/** policy/v1 ValidatePodDisruptionBudgetSpec: minAvailable and maxUnavailable are mutually exclusive. */
export function podDisruptionBudgetRules(spec: Record<string, unknown>, at: string): string[] {
    const set = (k: string) => spec[k] !== undefined && spec[k] !== null;
    return set("minAvailable") && set("maxUnavailable")
        ? [
              `${at}: minAvailable (${show(spec.minAvailable)}) and maxUnavailable (${show(spec.maxUnavailable)}) ` +
                  "are both set; " +
                  `the API server accepts one of them ("minAvailable and maxUnavailable cannot be both set")`,
          ]
        : [];
}

/** core/v1 ValidateResourceRequirements: a request may not exceed the limit of the same resource. */
export function resourceRequirementsRules(requirements: unknown, at: string): string[] {
    if (!isMap(requirements) || !isMap(requirements.requests) || !isMap(requirements.limits)) return [];
    const errors: string[] = [];
    for (const [resource, request] of Object.entries(requirements.requests)) {
        const limit = requirements.limits[resource];
        if (limit === undefined || isPlaceholder(limit) || isPlaceholder(request)) continue;
        const [r, l] = [quantity(request), quantity(limit)];
        if (r !== undefined && l !== undefined && r > l) {
            errors.push(
                `${at}.requests.${resource}: ${show(request)} is more than its limit ${show(limit)} ` +
                    "(must be less than or equal to the limit)",
            );
        }
    }
    return errors;
}

/** Every `resources` map with requests and limits inside an object (containers, init containers, …). */
export function nestedResourceRules(value: unknown, at: string): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => nestedResourceRules(v, `${at}[${i}]`));
    if (!isMap(value)) return [];
    return Object.entries(value).flatMap(([k, v]) => [
        ...(k === "resources" ? resourceRequirementsRules(v, `${at}.${k}`) : []),
        ...nestedResourceRules(v, `${at}.${k}`),
    ]);
}

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const labelName = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** ObjectMeta: a name the kind accepts, label keys and values of the allowed form and length. */
export function metadataRules(metadata: unknown, kind: string): string[] {
    if (!isMap(metadata)) return [];
    const errors: string[] = [];
    const name = metadata.name;
    if (typeof name === "string" && !isPlaceholder(name)) {
        const [ok, form] = nameRule(kind);
        if (!ok(name)) errors.push(`metadata.name: ${show(name)} is not a valid ${form}`);
    }
    for (const [key, value] of Object.entries(isMap(metadata.labels) ? metadata.labels : {})) {
        const [prefix, local] = key.includes("/") ? key.split("/", 2) : [undefined, key];
        const badPrefix = prefix !== undefined && (!dns1123Subdomain.test(prefix) || prefix.length > 253);
        if (!labelName.test(local) || local.length > 63 || badPrefix) {
            errors.push(`metadata.labels: key ${show(key)} is not a valid label key`);
        }
        if (typeof value === "string" && !isPlaceholder(value) && (!labelValue.test(value) || value.length > 63)) {
            const form = "(63 characters, alphanumerics, -_.)";
            errors.push(`metadata.labels.${key}: ${show(value)} is not a valid label value ${form}`);
        }
    }
    return errors;
}

/** How the API server validates a kind's name (ValidateObjectMeta's nameFn per kind). */
function nameRule(kind: string): [(name: string) => boolean, string] {
    // Namespaces and Services are DNS labels (63 characters).
    if (kind === "Namespace" || kind === "Service") {
        return [(n) => dns1123Label.test(n) && n.length <= 63, "DNS-1123 label"];
    }
    // RBAC objects take any path segment ("system:aggregate-to-view" has a colon).
    if (/^(Cluster)?Role(Binding)?$/.test(kind)) {
        return [(n) => n !== "." && n !== ".." && !/[/%]/.test(n) && n.length > 0, "path segment name"];
    }
    return [(n) => dns1123Subdomain.test(n) && n.length <= 253, "DNS-1123 subdomain"];
}

const suffixes: Record<string, number> = {
    "": 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
};

/** A Kubernetes quantity ("500m", "1Gi", "2", "1e3") as a number, or undefined when it is not one. */
export function quantity(value: unknown): number | undefined {
    if (typeof value === "number") return value;
    if (typeof value !== "string") return undefined;
    const m = /^([+-]?[0-9.]+)(?:([eE][+-]?[0-9]+)|(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/.exec(value);
    if (!m) return undefined;
    return Number(m[1] + (m[2] ?? "")) * suffixes[m[3] ?? ""];
}
