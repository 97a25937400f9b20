// Entry point for `pulumi up` in examples/app (run `npm install` here first: it installs groundwork as a package).
import { app } from "./app";

export = app;
