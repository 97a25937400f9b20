// Entry point for `pulumi up` in examples/app (run `npm ci` at the repository root first).
import { app } from "./app";

export = app;
