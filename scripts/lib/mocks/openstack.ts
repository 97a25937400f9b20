import type { CallAnswer, OutputFaker } from "./common";

// Offline answers for @pulumi/openstack resources and functions the program reads outputs of.
export const openstackOutputs: Record<string, OutputFaker> = {};
export const openstackCalls: Record<string, CallAnswer> = {};
