// jest's node environment, loaded in the worker's own context: importing the filter here patches the real
// process.emitWarning (a setupFiles module would patch only the sandbox's copy, which process.binding never calls).
import '../src/http-parser-warning';
import NodeEnvironment from 'jest-environment-node';

export default NodeEnvironment;
