// The public API for other Pulumi projects (an application on the platform, or the second half of a split
// deployment): the platform stack's typed outputs, the StackReference helper that reads them, and the config
// types. `npm run build-package` writes dist/ (JavaScript and declarations) for package.json's "exports".
export { GroundworkStack, checkOutputsVersion, type Resolved, type StackOutputValues } from "../program/reference";
export { outputsVersion, type StackOutputs } from "../program/outputs";
export type { PlatformConfig } from "../config/types";
