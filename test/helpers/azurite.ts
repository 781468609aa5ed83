// Azurite and free ports for the tests: the one starter the bench uses too (src/dev/azurite.ts).
export { type Azurite, freePort, startAzurite } from '../../src/dev/azurite';
