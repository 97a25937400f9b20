import Ajv from "ajv";
import Ajv2020 from "ajv/dist/2020";
import type { ValidateFunction } from "ajv";
import { isPlaceholder, show } from "./releases";

// Validates merged Helm values against a chart's values.schema.json the way `helm install` does before it
// renders anything: a failure there refuses the release.

const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
    let validate = compiled.get(schema);
    if (!validate) {
        const { $schema, ...rest } = schema;
        const options = { allErrors: true, strict: false, validateFormats: false };
        const ajv = String($schema ?? "").includes("2020-12") ? new Ajv2020(options) : new Ajv(options);
        validate = ajv.compile(rest);
        compiled.set(schema, validate);
    }
    return validate;
}

/** One message per schema violation ("<path>: <what the schema expects>, got <value>"), paths dotted. */
export function schemaViolations(schema: Record<string, unknown>, values: unknown): string[] {
    const validate = validatorFor(schema);
    if (validate(values)) return [];
    const out = new Set<string>();
    for (const err of validate.errors ?? []) {
        const pointer = err.instancePath
            .split("/")
            .slice(1)
            .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
        const value = pointer.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], values);
        // A value only known at deploy time (an output, a secret) has no type in the plan.
        if (isPlaceholder(value)) continue;
        // anyOf/oneOf report each branch and then themselves: the summary line is enough.
        if (err.schemaPath.includes("/anyOf/") || err.schemaPath.includes("/oneOf/")) continue;
        if (err.keyword === "additionalProperties") {
            out.add(`${[...pointer, String(err.params.additionalProperty)].join(".")}: the schema allows no such key`);
            continue;
        }
        const allowed = err.keyword === "enum" ? ` ${show(err.params.allowedValues)}` : "";
        out.add(`${pointer.length ? pointer.join(".") : "(top level)"}: ${err.message}${allowed}, got ${show(value)}`);
    }
    return [...out];
}
