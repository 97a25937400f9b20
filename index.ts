// Entry point for `pulumi up`: Pulumi calls the exported function and exports what it returns
// (the StackOutputs of program/outputs.ts).
import { groundwork } from "./program";

export = groundwork;
