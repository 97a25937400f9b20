import type * as pulumi from "@pulumi/pulumi";
import { awsCalls, awsOutputs } from "./mocks/aws";
import { openstackCalls, openstackOutputs } from "./mocks/openstack";
import { commonCalls, commonOutputs, type CallAnswer, type OutputFaker, type State } from "./mocks/common";

// What the offline mocks answer for resources and function calls whose outputs the program reads (ids,
// endpoints, certificates). One file per provider under ./mocks; values are fixed so that two plans of
// the same config are byte-identical.

const resourceOutputs: Record<string, OutputFaker> = { ...commonOutputs, ...awsOutputs, ...openstackOutputs };
const callResults: Record<string, CallAnswer> = { ...commonCalls, ...awsCalls, ...openstackCalls };

export function mockNewResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: State } {
    const faker = resourceOutputs[args.type];
    const extra = faker ? faker(args.name, args.inputs) : {};
    return { id: `${args.name}-id`, state: { ...args.inputs, ...extra } };
}

export function mockCall(args: pulumi.runtime.MockCallArgs): State {
    // The engine would answer this from the ambient clouds.yaml / OS_* project: a plan that reads another
    // project than the one configured. Offline, such a call fails the plan.
    if (args.token.startsWith("openstack:") && !args.provider) {
        const why = "it would read the shell's default cloud";
        throw new Error(`${args.token}: an OpenStack function call without an explicit provider (${why})`);
    }
    const answer = callResults[args.token];
    return answer ? answer(args.inputs) : args.inputs;
}
