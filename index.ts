// Entry point for `pulumi up`: Pulumi calls the exported function and exports what it returns
// (the StackOutputs of stacks/outputs.ts).
import { groundwork } from "./stacks/program";

export = groundwork;
