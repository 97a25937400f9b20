import type * as pulumi from "@pulumi/pulumi";

// What the offline mocks answer for resources and function calls whose outputs the program reads (ids,
// endpoints, certificates). Values are fixed so that two plans of the same config are byte-identical.

type State = Record<string, unknown>;
type OutputFaker = (name: string, inputs: State) => State;

const fakeCa = Buffer.from("-----BEGIN CERTIFICATE-----\nOFFLINE-PLAN-CA\n-----END CERTIFICATE-----\n").toString("base64");

/** Extra outputs per resource type, merged over the inputs (which mocks echo back as state). */
export const resourceOutputs: Record<string, OutputFaker> = {
    "random:index/randomPassword:RandomPassword": (name) => ({ result: `offline-password-${name}` }),
    "random:index/randomBytes:RandomBytes": (name) => ({ base64: Buffer.from(`offline-${name}`).toString("base64"), hex: Buffer.from(`offline-${name}`).toString("hex") }),
    "random:index/randomString:RandomString": (name) => ({ result: `offline${name.replace(/[^a-z0-9]/g, "")}`.slice(0, 16) }),
    "random:index/randomId:RandomId": (name) => ({ hex: Buffer.from(name).toString("hex").slice(0, 16) }),
};

/** Answers for provider functions (invokes), by token. */
export const callResults: Record<string, (inputs: State) => State> = {};

export function mockNewResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: State } {
    const faker = resourceOutputs[args.type];
    const extra = faker ? faker(args.name, args.inputs) : {};
    return { id: `${args.name}-id`, state: { ...args.inputs, ...extra } };
}

export function mockCall(args: pulumi.runtime.MockCallArgs): State {
    const answer = callResults[args.token];
    return answer ? answer(args.inputs) : args.inputs;
}

export { fakeCa };
