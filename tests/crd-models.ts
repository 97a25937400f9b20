// Schema validation of custom resources from the plan with the kubernetes-models classes (ESM-only
// packages, loaded with import()). Some packages' type declarations do not surface `validate()` under this
// project's CommonJS resolution, so the call is typed here once.

type ModelClass = new (data: any) => object;

/** Builds the model from a plan resource's inputs and validates it against the CRD's JSON schema; throws on problems. */
export function validateCustomResource(Model: ModelClass, inputs: Record<string, unknown>): void {
    const { apiVersion, kind, metadata, spec } = inputs as Record<string, any>;
    (new Model({ apiVersion, kind, metadata, spec }) as unknown as { validate(): void }).validate();
}
