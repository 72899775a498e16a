/** Deploying a cluster over SSH from a description (docs/deploy.md). */
export { deploy, DeployExit, type DeployOptions, type DeployOutput } from './runner.js';
