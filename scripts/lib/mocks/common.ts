export type State = Record<string, unknown>;
/** Extra outputs of a resource type, merged over its inputs (which the mocks echo back as state). */
export type OutputFaker = (name: string, inputs: State) => State;
/** The result of a provider function (invoke). */
export type CallAnswer = (inputs: State) => State;

// Generated secrets get recognisable placeholders, so tests can prove they never reach a plan in clear.
export const commonOutputs: Record<string, OutputFaker> = {
    "random:index/randomPassword:RandomPassword": (name) => ({
        result: `offline-secret-${name}`,
        bcryptHash: `$2a$10$offline-secret-hash-${name}`,
    }),
    "random:index/randomBytes:RandomBytes": (name) => ({
        base64: Buffer.from(`offline-secret-${name}`).toString("base64"),
        hex: Buffer.from(`offline-secret-${name}`).toString("hex"),
    }),
    "random:index/randomString:RandomString": (name) => ({ result: `offline-secret-${name}` }),
    "random:index/randomId:RandomId": (name) => ({
        hex: Buffer.from(name).toString("hex").slice(0, 16),
        b64Url: Buffer.from(name).toString("base64url").slice(0, 16),
    }),
};

export const commonCalls: Record<string, CallAnswer> = {};

/**
 * Outputs of other stacks, by fully qualified stack name, for StackReferences in an offline run (the
 * platform half of a split deployment, downstream application projects). Set before the run.
 */
export const offlineStackOutputs = new Map<string, { outputs: Record<string, unknown>; secretOutputNames: string[] }>();

commonOutputs["pulumi:pulumi:StackReference"] = (_name, inputs) => {
    const stack = offlineStackOutputs.get(String(inputs.name));
    if (!stack) throw new Error(`offline run: no outputs registered for the referenced stack "${String(inputs.name)}"`);
    return { outputs: stack.outputs, secretOutputNames: stack.secretOutputNames };
};
