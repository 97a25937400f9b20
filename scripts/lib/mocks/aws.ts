import type { CallAnswer, OutputFaker } from "./common";

// Offline answers for @pulumi/aws resources and functions the program reads outputs of.
export const awsOutputs: Record<string, OutputFaker> = {};
export const awsCalls: Record<string, CallAnswer> = {};
